#!/usr/bin/env bash
# valgrind.sh BINARY: the CLI paths under valgrind's memcheck; any invalid access or
# definite/indirect leak fails.  Prints "tests (valgrind): P passed, F failed".
# VG_SHOW=1 also shows what each command answers (to see that the paths are the real ones).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
fix=$(cd "$(dirname "$0")/fixtures" && pwd)
supp=$(cd "$(dirname "$0")" && pwd)/valgrind.supp
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
export WUYE_DB=$dir/v.db
passed=0 failed=0
vg() {
	local log=$dir/vg.log
	if [ -n "${VG_SHOW:-}" ]; then "$bin" "$@" 2>&1 | head -3; fi
	if valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --suppressions="$supp" \
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
vg contract add --project HY --name 合同 --from 2019-01-01 --late-daily 0.0003
vg tariff add --contract 1 --item 物业费 --basis area --rate 1.85 --due-day 15
vg bill --project HY --period 2026-05 --today 2026-05-01
vg bill --project HY --period 2026-05 --today 2026-05-01 --dry-run --format json
vg pay HY/5-1-101 500 --channel wechat --ref VG1 --today 2026-07-20
vg pay HY/5-1-101 500 --channel wechat --ref VG1 --today 2026-07-20
vg pay HY/5-1-102 100 --channel cash --late-fee --today 2026-07-20
vg account HY/5-1-101 --today 2026-07-20
vg account HY/5-1-102 --today 2026-07-20 --format json
vg receipt HY-000001
vg waive 2 10 --reason 测试
vg reverse 1 --reason 测试
vg latefee charge HY/5-1-103 --today 2026-08-01
vg arrears --project HY --today 2026-09-01
vg check
vg policy show --project HY
"$bin" policy show --project HY >policy.txt 2>/dev/null
vg policy load policy.txt --project HY
printf 'phone 4 steward\nnotice 3 steward\n' >bad-policy.txt
vg policy load bad-policy.txt --project HY
vg dun --project HY --today 2026-09-01 --dry-run --format json
vg dun --project HY --today 2026-09-01
vg dun --all --today 2026-09-01
vg tasks --today 2026-09-01
vg tasks --today 2026-09-01 --staff zhang --format json
vg cases --project HY
vg case HY/5-1-102
vg case HY/5-1-102 --format json
vg contact HY/5-1-102 --channel phone --result promised --promise-date 2026-09-10 --promise-amount 100 --today 2026-09-01 --as zhang
vg contact HY/5-1-102 --channel phone --result promised --today 2026-09-01 --as zhang
vg reasons
vg reasons set stalling --script 测试话术
vg plan HY/5-1-103 --installments 3 --first 2026-09-15 --today 2026-09-01
vg complaint HY/6-2-1801 --category repair --note 漏水 --today 2026-09-01
vg workorder 1 --fixed --today 2026-09-02
vg case pause HY/6-2-1802 --until 2026-09-20 --reason 出国 --today 2026-09-01
vg case resume HY/6-2-1802 --today 2026-09-02
vg case escalate HY/6-2-1802 --to notice --reason 拒交 --today 2026-09-02
vg limitation --project HY --today 2026-09-01
vg writeoff HY/6-2-1802 --reason 无法执行 --today 2026-09-02
vg legal HY/6-2-1802 --stage mediation --today 2026-09-02 --note 调解
vg demo --units 50 --months 3 --db "$dir/demo.db"
vg summary --db "$dir/demo.db"
vg frobnicate
vg units --project NOPE
# the documents (cairo, pango, fontconfig, qrencode)
vg project set HY --phone 010-62340000 --address 测试路1号
vg doc payment-notice HY/5-1-102 -o notice.pdf --today 2026-09-01
vg doc demand HY/5-1-102 -o demand.pdf --today 2026-09-01
vg doc demands --project HY -o demands.pdf --today 2026-09-01
vg doc statement HY/5-1-101 -o statement.pdf --today 2026-09-01
vg doc receipt HY-000001 -o receipt.pdf
vg doc public-notice --project HY --min-days 30 -o public.pdf --today 2026-09-01
vg doc demand HY/9-9-999 -o bad.pdf --today 2026-09-01
echo "tests (valgrind): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
