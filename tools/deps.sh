#!/usr/bin/env bash
# deps.sh: install the Debian 12 packages wuye needs to build and test (only the
# missing ones; apt-get as root, or through sudo).  `make deps` runs this, and so do
# `make run` and `make test`.
set -eu
packages=(
	build-essential pkg-config gettext
	libsqlite3-dev sqlite3 libpq-dev
	libjansson-dev libsodium-dev
	libzip-dev libexpat1-dev libcsv-dev libxlsxwriter-dev
	libcmocka-dev jq unzip curl
	libcurl4-openssl-dev libssl-dev openssl
	libcairo2-dev libpango1.0-dev libqrencode-dev fonts-noto-cjk
	libh2o-evloop-dev
	poppler-utils zbar-tools
	chromium
)
# the tests' local protocol servers and the browser tests run on Node.js
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
# extra packages a caller asks for (the CI adds the PostgreSQL server)
packages+=(${WUYE_EXTRA_PACKAGES:-})

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "installing: ${missing[*]}"
	sudo=""
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || { echo "deps: run as root or install sudo" >&2; exit 1; }
		sudo=sudo
	fi
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages, pinned by package-lock.json (the tests' servers, the console's assets)
cd "$(dirname "$0")/.."
if [ -f package-lock.json ] && { [ ! -f node_modules/.package-lock.json ] ||
	[ package-lock.json -nt node_modules/.package-lock.json ]; }; then
	echo "installing npm packages (package-lock.json)"
	npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
