#!/usr/bin/env bash
# run.sh: every test of the suite: the cmocka unit tests, then the whole-program
# scripts of tests/cli (in parallel), then one summary line.
#   WUYE_BIN      the binary under test (make test sets it)
#   WUYE_TESTBIN  the folder of the compiled unit tests
#   WUYE_TEST_PG  a PostgreSQL URI: run against PostgreSQL instead of SQLite
#   TESTS         a pattern to run only some scripts (e.g. TESTS=t01)
#   WUYE_SRC      the source tree (set here): where tests find tests/fakes/
set -u
here=$(cd "$(dirname "$0")" && pwd)
export WUYE_SRC="${WUYE_SRC:-$(dirname "$here")}"
backend=sqlite
[ -n "${WUYE_TEST_PG:-}" ] && backend=postgresql
export WUYE_BIN WUYE_TEST_PG="${WUYE_TEST_PG:-}"
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

passed=0 failed=0
for t in "${WUYE_TESTBIN:?}"/*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	case "$name" in *${TESTS:-}*) ;; *) continue ;; esac
	if out=$(CMOCKA_MESSAGE_OUTPUT=stdout "$t" 2>&1); then
		n=$(printf '%s\n' "$out" | grep -c '^\[       OK \]')
		passed=$((passed + n))
		echo "# unit/$name: $n passed, 0 failed"
	else
		n=$(printf '%s\n' "$out" | grep -c '^\[       OK \]')
		f=$(printf '%s\n' "$out" | grep -c '^\[  FAILED  \]' )
		[ "$f" -eq 0 ] && f=1
		passed=$((passed + n)); failed=$((failed + f))
		printf '%s\n' "$out" | grep -v '^\[       OK \]\|^\[ RUN      \]' | sed 's/^/    /'
		echo "# unit/$name: $n passed, $f failed"
	fi
done

scripts=$(ls "$here"/cli/t*.sh | grep -- "${TESTS:-}" || true)
if [ -n "$scripts" ]; then
	printf '%s\n' $scripts | xargs -P "${JOBS:-4}" -I{} sh -c 'bash "$1" > "$2/$(basename "$1").out" 2>&1; echo $? > "$2/$(basename "$1").rc"' _ {} "$results"
	for s in $scripts; do
		b=$(basename "$s")
		cat "$results/$b.out"
		line=$(grep '^# ' "$results/$b.out" | tail -1)
		p=$(printf '%s' "$line" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p')
		f=$(printf '%s' "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
		if [ -z "$p" ]; then
			echo "FAIL - $b ended without a summary (exit $(cat "$results/$b.rc"))"
			p=0 f=1
		fi
		passed=$((passed + p)); failed=$((failed + f))
	done
fi
echo "tests ($backend): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
