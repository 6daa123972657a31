#!/usr/bin/env bash
# t05-durability.sh: nothing acknowledged is lost: a payment run killed half way keeps
# what it posted, the books still balance, and running the file again posts the rest once.
. "$(dirname "$0")/lib.sh"
new_db
wuye demo --units 600 --months 1 --today 2026-11-01 >/dev/null

t "a payment file killed half way keeps every payment it posted" '
	sql "SELECT '"'"'楼栋,单元,房号,金额,流水号'"'"'" >pay.csv
	sql "SELECT b.code || '"'"','"'"'|| u.entrance || '"'"','"'"' || u.room || '"'"',1.00,K'"'"' || o.bill_id || '"'"'-'"'"' || k.k
	     FROM bill_open o JOIN unit u ON u.id = o.unit_id JOIN building b ON b.id = u.building_id
	     JOIN project p ON p.id = u.project_id, (SELECT 1 AS k UNION SELECT 2 UNION SELECT 3) k
	     WHERE p.code = '"'"'HYA'"'"' ORDER BY k.k, o.bill_id" >>pay.csv
	rows=$(($(wc -l <pay.csv) - 1))
	test "$rows" -gt 1000
	# the binary itself in the background (not the wuye shell function), so kill reaches it
	"$WUYE_BIN" import payments pay.csv --project HYA --channel autodebit --today 2026-11-20 >/dev/null 2>&1 &
	pid=$!
	# let it post some, then pull the plug
	for i in $(seq 1 100); do
		n=$(sql "SELECT COUNT(*) FROM payment WHERE ref LIKE '"'"'K%'"'"'" 2>/dev/null || echo 0)
		[ "${n:-0}" -gt 50 ] && break
		sleep 0.05
	done
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	first=$(sql "SELECT COUNT(*) FROM payment WHERE ref LIKE '"'"'K%'"'"'")
	test "$first" -gt 0
	wuye check >/dev/null
	wuye import payments pay.csv --project HYA --channel autodebit --today 2026-11-20 --format json >again
	expect_eq "$(jq .posted again)" "$((rows - first))"
	expect_eq "$(jq .duplicates again)" "$first"
	expect_eq "$(sql "SELECT COUNT(*) FROM payment WHERE ref LIKE '"'"'K%'"'"'")" "$rows"
	expect_eq "$(sql "SELECT COUNT(*) || '"'"' '"'"' || MAX(receipt_no) FROM payment WHERE project_id = 1")" \
		"$(sql "SELECT last_no || '"'"' '"'"' || last_no FROM receipt_counter WHERE project_id = 1")"
	wuye check >/dev/null
'
t "wuye check sees one moment: it passes while payments are being posted" '
	sed "s/,K/,L/" pay.csv >pay2.csv
	"$WUYE_BIN" import payments pay2.csv --project HYA --channel wechat --today 2026-11-21 >/dev/null 2>&1 &
	pid=$!
	for i in 1 2 3; do wuye check >/dev/null; done
	wait $pid
	wuye check >/dev/null
'
t "a bad row in a payment file posts nothing" '
	printf "楼栋,单元,房号,金额,流水号\n1,1,101,50,OK1\n99,9,999,50,BAD1\n1,1,102,abc,BAD2\n" >bad.csv
	expect_exit 1 wuye import payments bad.csv --project HYA --channel cash --lang en 2>err
	contains err "row 3, column 房号: no unit 99-9-999"
	contains err "row 4, column 金额:"
	expect_eq "$(sql "SELECT COUNT(*) FROM payment WHERE ref = '"'"'OK1'"'"'")" 0
'
done_testing
