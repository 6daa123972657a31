#!/usr/bin/env bash
# run.sh [NAME]: the benchmarks of bench/*.bench.sh (all, or the one named), each
# against its baseline in the same run, each ending with one BENCH line.  Generated
# data is cached under bench/data/ (ignored by git).  Benchmarks inform; they never
# fail the build.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${WUYE_BIN:?WUYE_BIN must name the wuye binary}"
DATA=$here/data
mkdir -p "$DATA"
MEASURE=$DATA/measure
if [ ! -x "$MEASURE" ] || [ "$here/measure.c" -nt "$MEASURE" ]; then
	cc -O2 -o "$MEASURE" "$here/measure.c" || exit 0
fi
. "$here/lib.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/wuye-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export LC_ALL=C.UTF-8

for f in "$here"/*.bench.sh; do
	name=$(basename "$f" .bench.sh)
	[ -n "${1:-}" ] && [ "$1" != "$name" ] && continue
	echo "== $name"
	( . "$f" ) || echo "BENCH $name ratio=none goal=none failed"
done
exit 0
