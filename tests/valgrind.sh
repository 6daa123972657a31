#!/usr/bin/env bash
# valgrind.sh BINARY: the CLI paths under valgrind's memcheck; any invalid access or
# definite/indirect leak fails.  Prints "tests (valgrind): P passed, F failed".
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
fix=$(cd "$(dirname "$0")/fixtures" && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
export WUYE_DB=$dir/v.db
passed=0 failed=0
vg() {
	local log=$dir/vg.log
	if valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=99 --log-file="$log" "$bin" "$@" >/dev/null 2>&1; [ $? -ne 99 ] && ! grep -q . "$log"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL - valgrind: wuye $*"
		sed 's/^/    /' "$log" | head -40
	fi
}
vg init
vg help
vg project add HY 华苑
vg import units "$fix/units_gbk.csv" --project HY
vg import units "$fix/units_bad.csv" --project HY
vg import units "$fix/units_utf8.csv" --project HY --dry-run
vg import units "$fix/units_libreoffice.xlsx" --project HY --dry-run
vg units --project HY
vg units --project HY --format json
vg units --project HY --format csv
vg unit show HY/5-1-101
vg staff add zhang 张 --role steward --project HY --buildings 5
vg staff list
vg export units --project HY -o out.xlsx
vg import units out.xlsx --project HY --dry-run
vg demo --units 50 --db "$dir/demo.db"
vg summary --db "$dir/demo.db"
vg frobnicate
vg units --project NOPE
echo "tests (valgrind): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
