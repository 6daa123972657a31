#!/usr/bin/env bash
# t14-figures.sh: the figures of docs/figures.md on a small project with every tricky case
# (a waiver, a reversal, a year paid in advance, a developer unit, an owner sold mid-period),
# each figure computed by hand below and asserted exactly; the seed's A区 (943 households,
# 590 paid: 收费率 62.57%) and its 收缴率 90% / 主动缴费率 80% (last year 85% / 70%)
# reproduced; targets; the weekly review as .xlsx and PDF; the console's 报表 pages.
. "$(dirname "$0")/lib.sh"
new_db

# ---- the fixture: project FX, 8 units of 100 m² at ¥1.00/m²/month, due on the 1st ----
# building 1 (steward s1, group 一组): 101 pays on time; 102 gets ¥40 waived in March and
# pays ¥60; 103 pays March on 03-03 and the payment is reversed on 03-20, then promises to
# pay by 03-28 and does not; 104 paid ¥1,200 (a year) in advance on 2025-12-20.
# building 2 (steward s2, group 二组): 201 is not handed over (the developer's bills);
# 202 is sold on 03-16 (the seller pays his 15 days ¥48.39, the buyer nothing); 203 owes
# January and February, is called on 03-10 and pays ¥100 on 03-15 (January's bill);
# 204 gets an SMS on 03-02 and pays March on 03-20.
cat >units.csv <<'EOF'
楼栋,单元,楼层,房号,建筑面积,房屋类型,状态,业主,电话,交房日期,入住日期
1,1,1,101,100,住宅,已入住,赵一,13800000001,2020-01-01,2020-01-01
1,1,1,102,100,住宅,已入住,钱二,13800000002,2020-01-01,2020-01-01
1,1,1,103,100,住宅,已入住,孙三,13800000003,2020-01-01,2020-01-01
1,1,1,104,100,住宅,已入住,李四,13800000004,2020-01-01,2020-01-01
2,1,2,201,100,住宅,未交付,,,,
2,1,2,202,100,住宅,已入住,周六,13800000006,2020-01-01,2020-01-01
2,1,2,203,100,住宅,已入住,吴七,13800000007,2020-01-01,2020-01-01
2,1,2,204,100,住宅,已入住,郑八,13800000008,2020-01-01,2020-01-01
EOF
wuye project add FX 测试小区 >/dev/null
wuye import units units.csv --project FX >/dev/null
wuye staff add s1 楼管甲 --role steward --project FX --buildings 1 --group 一组 >/dev/null
wuye staff add s2 楼管乙 --role steward --project FX --buildings 2 --group 二组 >/dev/null
echo "pass-word-1" | wuye staff add m1 经理甲 --role manager --project FX --password-stdin >/dev/null
wuye staff add m2 经理乙 --role manager --project FX >/dev/null
wuye contract add --project FX --name 合同 --from 2025-01-01 >/dev/null
wuye tariff add --contract 1 --item 物业费 --basis area --rate 1 --due-day 1 >/dev/null
wuye pay FX/1-1-104 1200 --channel wechat --today 2025-12-20 >/dev/null
for m in 01 02; do
	wuye bill --project FX --period 2026-$m --today 2026-$m-01 >/dev/null
	for u in 1-1-101 1-1-102 1-1-103 2-1-202 2-1-204; do
		wuye pay FX/$u 100 --channel cash --today 2026-$m-01 >/dev/null
	done
done
wuye unit sell FX/2-1-202 --owner 王买 --phone 13900000009 --from 2026-03-16 --today 2026-02-20 >/dev/null
wuye bill --project FX --period 2026-03 --today 2026-03-01 >/dev/null
wuye contact FX/2-1-204 --channel sms --result reached --as s2 --today 2026-03-02 >/dev/null
P3=$(wuye pay FX/1-1-103 100 --channel cash --today 2026-03-03)
wuye pay FX/1-1-101 100 --channel cash --today 2026-03-05 >/dev/null
wuye pay FX/2-1-202 48.39 --channel cash --today 2026-03-05 >/dev/null
B2=$(sql "SELECT b.id FROM bill b JOIN unit u ON u.id = b.unit_id WHERE u.room = '102' AND b.period = '2026-03'")
R=$(wuye waive "$B2" 40 --reason 维修补偿 --as m1 --today 2026-03-10)
wuye approve "$R" --as m2 --today 2026-03-10 >/dev/null
wuye contact FX/2-1-203 --channel phone --result reached --reason fee-too-high --as s2 --today 2026-03-10 >/dev/null
wuye pay FX/1-1-102 60 --channel cash --today 2026-03-12 >/dev/null
wuye pay FX/2-1-203 100 --channel cash --today 2026-03-15 >/dev/null
wuye reverse "$P3" --reason 刷卡失败 --today 2026-03-20 >/dev/null
wuye pay FX/2-1-204 100 --channel wechat --today 2026-03-20 >/dev/null
wuye dun --project FX --today 2026-03-21 >/dev/null
wuye contact FX/1-1-103 --channel phone --result promised --reason stalling --promise-date 2026-03-28 \
	--promise-amount 100 --as s1 --today 2026-03-25 >/dev/null
wuye dun --project FX --today 2026-03-29 >/dev/null

rep() { wuye report "$@" --project FX --today 2026-03-31 --format json; }
pick() { jq -c "[.[] | [$1]]"; }

t "the books and the figures' summaries balance" '
	wuye check >out
'
# March, as of 03-31.  Counted bills due in March (owners' only; 201 is the developer's):
#   101 100.00, 102 100.00, 103 100.00, 104 100.00, 202 seller 48.39 (100 × 15/31) and
#   buyer 51.61 (100 × 16/31), 203 100.00, 204 100.00                      billed 700.00
#   waived: 102's 40.00                                                   net    660.00
#   collected on them: 101 100, 102 60, 103 0 (reversed: never made), 104 100 (from the
#   prepayment, when the bill fell due), 202 48.39, 203 0 (its money went to January),
#   204 100                                                              paid   408.39
#   当期收缴率 = 408.39 / 660.00 = 61.877% → 61.88
#   households: 101 102 103 104 202 203 204 = 7; settled 101 102 (60 + 40 waived) 104 204
#   = 4 → 户数收缴率 57.14; settled with no contact before: 101 102 104 (204 had an SMS on
#   03-02) = 3 → 主动缴费率 42.86
#   opening arrears at 03-01: 203's January and February = 200.00; recovered in March:
#   100.00 → 清欠率 50.00
#   综合收缴率 = (408.39 + 100) / (660 + 200) = 59.115% → 59.12
#   still open = 660 − 408.39 + 200 − 100 = 351.61 → 欠费率 351.61 / 860 = 40.88
#   days from due (03-01) to settled: 104 0, 101 4, 102 11, 204 19 → median 4, P90 19
t "March for the project: every figure as computed by hand" '
	rep rates --period 2026-03 | pick ".households, .households_paid, .rate_households_pct, .billed_fen, .waived_fen, .paid_fen, .rate_amount_pct, .open_start_fen, .arrears_paid_fen, .recovery_pct, .overall_pct, .proactive_pct, .arrears_rate_pct, .outstanding_fen, .cycle_median_days, .cycle_p90_days" >out
	expect_eq "$(cat out)" "[[7,4,57.14,70000,4000,40839,61.88,20000,10000,50,59.12,42.86,40.88,35161,4,19]]"
'
# building 1: billed 400, waived 40, paid 260 → 72.22; households 4, settled 3 → 75.00,
# proactive 3 → 75.00; no arrears → 清欠率 none; cycle 0 4 11 → median 4, P90 11
# building 2: billed 300, paid 148.39 → 49.46; households 3, settled 1 (204) → 33.33,
# proactive 0; arrears 200, recovered 100 → 50.00; 综合 248.39/500 → 49.68; open 251.61 → 50.32
t "March by building" '
	rep rates --period 2026-03 --by building | pick ".key, .rate_amount_pct, .households, .households_paid, .proactive_pct, .recovery_pct, .overall_pct, .arrears_rate_pct, .cycle_median_days, .cycle_p90_days" >out
	expect_eq "$(cat out)" "[[\"FX/1\",72.22,4,3,75,null,72.22,27.78,4,11],[\"FX/2\",49.46,3,1,0,50,49.68,50.32,19,19]]"
'
# a steward's money figures are their buildings'; their work is their own: s1 made one
# contact (103) whose promise broke; s2 made two (204, 203)
t "by steward and by group" '
	rep staff --period 2026-03 | pick ".key, .rate_amount_pct, .collected_fen, .arrears_paid_fen, .contacts, .promises_kept, .promises_broken, .promise_kept_pct" >out
	expect_eq "$(cat out)" "[[\"s1\",72.22,26000,0,1,0,1,0],[\"s2\",49.46,24839,10000,2,0,0,null]]"
	rep rates --period 2026-03 --by group | pick ".key, .rate_amount_pct, .households" >out
	expect_eq "$(cat out)" "[[\"一组\",72.22,4],[\"二组\",49.46,3]]"
'
# as of 03-10: bills due by then are all March'"'"'s; 102'"'"'s waiver (03-10) counts, its ¥60
# (03-12) not yet; 103'"'"'s payment of 03-03 was reversed later and counts on no day:
# building 1 paid 101 100 + 104 100 = 200 of 360 → 55.56
t "as of an earlier day, later money is left out and a reversed payment never counts" '
	wuye report rates --project FX --period 2026-03 --by building --today 2026-03-10 --format json | pick ".key, .paid_fen, .rate_amount_pct" >out
	expect_eq "$(cat out)" "[[\"FX/1\",20000,55.56],[\"FX/2\",4839,16.13]]"
'
# the year 2026 as of 03-31: billed Jan 700 + Feb 700 + Mar 700 = 2100, waived 40;
# paid Jan 700 (203 paid January in March) + Feb 600 + Mar 408.39 = 1708.39 → 1708.39/2060
# = 82.93; 104's remaining prepayment (¥900 for April to December) counts nowhere
t "a year: prepayments for later periods do not count" '
	rep rates --period 2026 | pick ".billed_fen, .waived_fen, .paid_fen, .rate_amount_pct, .households, .households_paid, .open_start_fen" >out
	expect_eq "$(cat out)" "[[210000,4000,170839,82.93,7,4,0]]"
'
# open as of 03-31 on bills due before it: 103 March 100 (30 days), 202 buyer 51.61
# (30 days), 203 March 100 (30 days) → 1-30: 251.61; 203 February 100 (58 days) → 31-90
t "aging as of the day" '
	rep aging | pick ".d1_30_fen, .d31_90_fen, .d91_180_fen, .total_fen" >out
	expect_eq "$(cat out)" "[[25161,10000,0,35161]]"
'
# unpaid households of March: 103 (stalling, 03-25), 203 (fee-too-high, 03-10), 202 (none)
t "reasons of the unpaid households" '
	rep reasons --period 2026-03 | pick ".reason, .households" >out
	expect_eq "$(cat out)" "[[\"\",1],[\"fee-too-high\",1],[\"stalling\",1]]"
'
# phone: 203 (03-10, paid 03-15: within 7), 103 (03-25, no payment after) → 1 of 2;
# sms: 204 (03-02, paid 03-20: 18 days) → 0 of 1 within 7, 1 of 1 within 30
t "channel effectiveness" '
	rep channels --period 2026-03 | pick ".channel, .contacts, .paid_7d, .paid_30d, .rate_7d_pct, .rate_30d_pct" >out
	expect_eq "$(cat out)" "[[\"phone\",2,1,1,50,50],[\"sms\",1,0,1,0,100]]"
	rep channels --period 2026-03 --by staff | pick ".key, .channel, .contacts" >out
	expect_eq "$(cat out)" "[[\"s1\",\"phone\",1],[\"s2\",\"phone\",1],[\"s2\",\"sms\",1]]"
'
t "table and csv show the same figures" '
	wuye report rates --project FX --period 2026-03 --today 2026-03-31 --lang en >out
	contains out "61.88%"
	contains out "¥408.39"
	wuye report rates --project FX --period 2026-03 --today 2026-03-31 --format csv --lang en >out
	contains out "408.39,61.88"
'
t "bad input is refused" '
	expect_exit 2 wuye report nonsense --project FX 2>err
	expect_exit 2 wuye report rates --project FX --period 2026-13 2>err
	expect_exit 2 wuye report rates --project FX --by floor 2>err
	expect_exit 2 wuye report rates --project FX -o out.csv 2>err
	expect_exit 1 wuye report rates --project NOPE 2>err
'

# ---- targets ----
# March target for the project ¥600 and 70%; s2 ¥300.  Collected in March = current
# 408.39 + arrears 100 = 508.39 → 84.73% of 600; pro rata on 03-31 all of it is expected
t "targets per project, group and person with progress" '
	expect_eq "$(wuye target set --project FX --period 2026-03 --amount 600 --as m1)" 1
	expect_eq "$(wuye target set --project FX --period 2026-03 --rate 70 --as m1)" 1
	wuye target set --project FX --period 2026-03 --staff s2 --amount 300 --as m1 >/dev/null
	wuye target set --project FX --period 2026-03 --group 一组 --rate 80 --as m1 >/dev/null
	wuye target list --project FX --period 2026-03 --today 2026-03-31 --format json | pick ".scope, .key, .amount_fen, .collected_fen, .expected_fen, .amount_progress_pct, .rate_target_pct, .rate_pct" >out
	expect_eq "$(cat out)" "[[\"project\",\"FX\",60000,50839,60000,84.73,70,61.88],[\"group\",\"一组\",null,26000,0,null,80,72.22],[\"staff\",\"s2\",30000,24839,30000,82.8,null,49.46]]"
	wuye target list --project FX --period 2026-03 --today 2026-03-16 --format json | jq -c ".[0].expected_fen" >out
	expect_eq "$(cat out)" 30968
	expect_exit 1 wuye target set --project FX --period 2026-03 --amount 1 --as s1 2>err
	expect_exit 2 wuye target set --project FX --period 2026-03 --rate 120 --as m1 2>err
	expect_exit 1 wuye target set --project FX --period 2026-03 --group 三组 --amount 1 --as m1 2>err
'

# ---- the weekly review (week ending 03-31; last week ended 03-24) ----
# s1: rate 72.22 (last week: building 1 as of 03-24: 101 100 + 102 60 + 104 100 = 260 of
# 360 → 72.22), contacts this week 1 (03-25); s2: 49.46 (as of 03-24 the same money: 49.46)
# recovered this week: money taking effect 03-25..03-31 on bills due by 03-24: none
t "the weekly review ranks people and groups with last week's figures" '
	rep weekly | pick ".kind, .rank, .rank_before, .key, .rate_pct, .rate_change_pct, .contacts, .contacts_before" >out
	expect_eq "$(cat out)" "[[\"person\",1,1,\"s1\",72.22,0,1,0],[\"person\",2,2,\"s2\",49.46,0,0,0],[\"group\",1,1,\"一组\",72.22,0,1,0],[\"group\",2,2,\"二组\",49.46,0,0,0]]"
'
# week ending 03-17 (03-11 … 03-17): arrears recovered = money taking effect in the week
# on bills due before it began (by 03-10): s1 102'"'"'s ¥60 (03-12, March'"'"'s bill due 03-01),
# s2 203'"'"'s ¥100 (03-15, January'"'"'s bill); 203'"'"'s call on 03-10 was the week before
t "arrears recovered in the week" '
	wuye report weekly --project FX --today 2026-03-17 --format json | pick ".key, .recovered_fen, .contacts" >out
	expect_eq "$(cat out)" "[[\"s1\",6000,0],[\"s2\",10000,0],[\"一组\",6000,0],[\"二组\",10000,0]]"
'
# the PDF: the ranking with its bars (drawn as coloured runs), read back as text
t "the weekly review as a PDF" '
	wuye report weekly --project FX --today 2026-03-31 -o weekly.pdf
	pdftotext -layout weekly.pdf weekly.txt
	contains weekly.txt "收费工作周例会讲评"
	contains weekly.txt "2026年3月25日至2026年3月31日"
	grep -q "楼管甲 72.22%" weekly.txt || fail "no rate of s1"
	grep -E -q "^ *1 +1 +楼管甲 +72.22%" weekly.txt || fail "no ranking row of s1"
	grep -E -q "^ *2 +2 +二组 +49.46% +\+0.00 +¥0.00 +¥100.00" weekly.txt || fail "no ranking row of 二组"
	expect_exit 2 wuye report rates --project FX -o rates.pdf 2>err
'
t "a report as .xlsx reads back" '
	wuye report rates --project FX --period 2026-03 --today 2026-03-31 --by building -o rates.xlsx --lang en
	unzip -p rates.xlsx xl/worksheets/sheet1.xml >sheet.xml
	unzip -p rates.xlsx xl/sharedStrings.xml >strings.xml
	contains strings.xml "Collection rate"
	contains strings.xml "FX/2"
	contains sheet.xml "<v>72.22</v>"
	contains sheet.xml "<v>148.39</v>"
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '"'"'report.export'"'"' AND detail = '"'"'rates.xlsx'"'"'")" 1
'

# ---- the console's 报表 pages (the server's business day fixed at 03-31) ----
echo "pass-word-1" | wuye staff add s9 楼管丙 --role steward --project FX --password-stdin >/dev/null
echo "pass-word-1" | wuye staff add c1 收银甲 --role cashier --project FX --password-stdin >/dev/null
start_server WEB --today 2026-03-31 --fixed-today
U="http://127.0.0.1:$WEB"
t "a manager sees the rates with their chart, every figure linking to its units" '
	expect_eq "$(web_login "$U" m1 pass-word-1 jar)" 303
	curl -s -b jar "$U/reports?project=FX&period=2026-03&by=building" >page
	contains page "data-chart="
	contains page "data-chart-links="
	contains page "61.88%"
	contains page "72.22%"
	contains page "49.46%"
	contains page "/reports/rates/units?project=FX&amp;period=2026-03&amp;by=building&amp;row="
	grep -q "<script>" page && fail "an inline script" || true
	curl -s -o /dev/null -w "%{http_code}" -b jar "$U/reports?project=FX&period=2026-13" >code
	expect_eq "$(cat code)" 400
	curl -s -b jar "$U/reports?project=FX&period=2026-13" >page
	contains page "field-error"
	contains page "2026-13"
'
# the dashboard draws the same figures for the month of the server's day (03-31): 当期收缴率
# 61.88%, households 4 of 7 = 57.14%, 清欠率 50.00%, each linking to its units; the trend
# (each month as of its last day): January 600 of 700 (203 paid January only on 03-15)
# = 85.71%, February the same with 203's January open at 02-01 and nothing recovered
# (0.00%), no bills before January; the project's March target (¥600, 70%) with its progress
t "the dashboard: this month's rates, targets and trend, linking to their units" '
	curl -s -b jar "$U/?project=FX" >page
	by_link() { sed -n "s/.*id=\"$1\" href=\"\([^\"]*\)\">\([^<]*\)<.*/\2 \1/p" page; }
	expect_eq "$(by_link rate-amount)" "61.88% /reports/rates/units?project=FX&amp;period=2026-03&amp;by=project&amp;row=$(sql "SELECT id FROM project WHERE code = '"'"'FX'"'"'")&amp;what=unpaid"
	expect_eq "$(by_link rate-households | cut -d" " -f1)" "57.14%"
	expect_eq "$(by_link recovery | cut -d" " -f1)" "50.00%"
	contains page "4 / 7"
	grep -o "<tr data-month=\"[^\"]*\"><td>[^<]*<span[^>]*>[^<]*</span></td><td class=\"num\"><a [^>]*>[^<]*</a></td><td class=\"num\"><a [^>]*>[^<]*</a>" page |
		sed -E "s/<tr data-month=\"([^\"]*)\">.*\((as of|截至) ([^)]*)\).*>([^<]*)<\/a><\/td><td class=\"num\"><a [^>]*>([^<]*)<\/a>$/\1 \3 \4 \5/" >trend
	expect_file trend <<-X
	2026-03 2026-03-31 61.88% 50.00%
	2026-02 2026-02-28 85.71% 0.00%
	2026-01 2026-01-31 85.71% —
	2025-12 2025-12-31 — —
	2025-11 2025-11-30 — —
	2025-10 2025-10-31 — —
	X
	contains page "data-chart-links=\"[&quot;/reports/rates/units?project=FX&amp;period=2025-10"
	grep -o "<tr data-target=\"FX:FX\">.*</tr>" page | sed "s/<\/tr>.*//" >target
	contains target "¥600.00"
	contains target "class=\"collected\" href=\"/reports/rates/units?project=FX&amp;period=2026-03&amp;by=project"
	contains target ">¥508.39</a>"
	contains target "84.73%"
	contains target ">61.88%</a>"
	grep -q "data-target=\"FX:二组\"" page && fail "a group the manager is not in" || true
	# the units behind the rate: the households of March not settled (103, 202, 203)
	curl -s -b jar "$(by_link rate-amount | cut -d" " -f2 | sed "s/&amp;/\&/g; s#^#$U#")" >units
	grep -o "FX/[0-9-]*" units | sort -u | tr "\n" " " >list
	expect_eq "$(cat list)" "FX/1-1-103 FX/2-1-202 FX/2-1-203 "
'
t "the units behind a figure" '
	B1=$(sql "SELECT id FROM building WHERE code = '"'"'1'"'"'")
	curl -s -b jar "$U/reports/rates/units?project=FX&period=2026-03&by=building&row=$B1&what=unpaid" >page
	contains page "FX/1-1-103"
	grep -q "FX/1-1-101" page && fail "a settled unit among the unpaid" || true
	curl -s -b jar "$U/reports/rates/units?project=FX&period=2026-03&by=building&row=$B1&what=proactive" >page
	contains page "FX/1-1-101"
	contains page "FX/1-1-104"
	curl -s -b jar "$U/reports/aging/units?project=FX&period=2026-03&by=project&row=0&what=aging:1" >page
	contains page "FX/2-1-203"
	contains page "¥100.00"
	curl -s -b jar "$U/reports/channels/units?project=FX&period=2026-03&by=staff&row=$(sql "SELECT id FROM staff WHERE login = '"'"'s2'"'"'")&what=contacted:sms" >page
	contains page "FX/2-1-204"
	curl -s -o /dev/null -w "%{http_code}" -b jar "$U/reports/rates/units?project=FX&period=2026-03&what=nonsense" >code
	expect_eq "$(cat code)" 400
'
t "every kind of report renders; the weekly review downloads as .xlsx and PDF" '
	for k in aging reasons channels staff weekly; do
		expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b jar "$U/reports/$k?project=FX&period=2026-03")" 200
	done
	curl -s -b jar "$U/reports/weekly?project=FX" >page
	contains page "楼管甲"
	curl -s -b jar -o w.xlsx "$U/reports/weekly/xlsx?project=FX"
	unzip -p w.xlsx xl/sharedStrings.xml >strings.xml
	contains strings.xml "s1"
	curl -s -b jar -o w.pdf -D headers "$U/reports/weekly/pdf?project=FX"
	contains headers "application/pdf"
	pdftotext w.pdf - | grep -q "收费工作周例会讲评" || fail "no PDF"
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b jar "$U/reports/nonsense?project=FX")" 404
'
t "targets are set from the console, with errors next to their fields" '
	CSRF=$(web_csrf "$U" jar)
	curl -s -b jar -H "X-CSRF-Token: $CSRF" -o page -w "%{http_code}" --data-urlencode "csrf=$CSRF" \
		--data-urlencode "target_period=2026-03" --data-urlencode "scope=group" --data-urlencode "who=三组" \
		--data-urlencode "amount=abc" "$U/reports/targets?project=FX" >code
	expect_eq "$(cat code)" 400
	contains page "本项目中没有该分组"
	contains page "value=\"abc\""
	curl -s -b jar -o /dev/null -w "%{http_code}" --data-urlencode "csrf=$CSRF" --data-urlencode "target_period=2026-03" \
		--data-urlencode "scope=group" --data-urlencode "who=二组" --data-urlencode "amount=250" \
		"$U/reports/targets?project=FX" >code
	expect_eq "$(cat code)" 303
	wuye target list --project FX --period 2026-03 --today 2026-03-31 --format json | jq -c "[.[] | select(.key == \"二组\") | .amount_fen]" >out
	expect_eq "$(cat out)" "[25000]"
	curl -s -b jar "$U/reports/targets?project=FX&period=2026-03" >page
	contains page "二组"
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '"'"'target.set'"'"'")" 5
'
t "a steward reads the reports but sets no target; a cashier sees none" '
	web_login "$U" s9 pass-word-1 sjar >/dev/null
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b sjar "$U/reports?project=FX")" 200
	CSRF=$(web_csrf "$U" sjar)
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b sjar --data-urlencode "csrf=$CSRF" --data-urlencode "target_period=2026-03" --data-urlencode "scope=project" --data-urlencode "amount=1" "$U/reports/targets?project=FX")" 403
	web_login "$U" c1 pass-word-1 cjar >/dev/null
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b cjar "$U/reports?project=FX")" 403
'
stop_server WEB

# ---- April: every report by every breakdown, where building, steward and group differ ----
# s3 (group 一组, no buildings) visits 203 (building 2, s2's) on 04-12, reason stalling;
# the manager m1 (no group) calls 103 on 04-05, who pays ¥200 on 04-08 (March's ¥100 then
# April's).  101 pays 04-01, 104's April comes from the prepayment (04-01), 204 pays 04-03,
# 202's buyer pays ¥151.61 on 04-10 (his March ¥51.61 then April), 102 pays 04-20; 203
# pays nothing.
wuye staff add s3 楼管丁 --role steward --project FX --group 一组 >/dev/null
wuye bill --project FX --period 2026-04 --today 2026-04-01 >/dev/null
wuye pay FX/1-1-101 100 --channel cash --today 2026-04-01 >/dev/null
wuye pay FX/2-1-204 100 --channel wechat --today 2026-04-03 >/dev/null
wuye contact FX/1-1-103 --channel phone --result reached --as m1 --today 2026-04-05 >/dev/null
wuye pay FX/1-1-103 200 --channel cash --today 2026-04-08 >/dev/null
wuye pay FX/2-1-202 151.61 --channel cash --today 2026-04-10 >/dev/null
wuye contact FX/2-1-203 --channel visit --result reached --reason stalling --note 上门未遇 --as s3 --today 2026-04-12 >/dev/null
wuye pay FX/1-1-102 100 --channel cash --today 2026-04-20 >/dev/null
apr() { local k=$1; shift; wuye report $k --project FX --period 2026-04 --today 2026-04-30 --format json "$@"; }

# April as of 04-30.  Building 1: billed 400, paid 400 (103's April from its 04-08 money)
# → 100.00; households 4, settled 4, proactive 3 (103 was called before it paid) → 75.00;
# opening arrears 103's March 100, recovered 100 → 100.00; cycle 0 0 7 19 → median 0, P90 19.
# Building 2: billed 300 (202 buyer, 203, 204), paid 200 → 66.67; households 3, settled 2
# (204, 202), both unasked → 66.67; arrears at 04-01: 202 buyer 51.61 + 203 February and
# March 200 = 251.61, recovered 51.61 → 20.51; 综合 (200 + 51.61) / (300 + 251.61) → 45.61.
# Project: 600 / 700 → 85.71; 6 of 7 → 85.71; proactive 5 → 71.43; 清欠 151.61 / 351.61
# → 43.12; 综合 751.61 / 1051.61 → 71.47; cycle 0 0 2 7 9 19 → median 2, P90 19.
# Stewards carry their buildings' money; the work goes to whoever did it (m1 and s3 have
# no buildings: no rate); a group has its members' buildings and work (s3's visit is 一组's).
t "rates by project, building, steward and group" '
	F=".key, .households, .households_paid, .rate_households_pct, .paid_fen, .rate_amount_pct, .proactive_pct, .open_start_fen, .arrears_paid_fen, .recovery_pct, .overall_pct, .cycle_median_days, .cycle_p90_days, .contacts"
	for by in project building staff group; do apr rates --by $by | pick "$F"; done >out
	expect_file out <<-X
	[["FX",7,6,85.71,60000,85.71,71.43,35161,15161,43.12,71.47,2,19,2]]
	[["FX/1",4,4,100,40000,100,75,10000,10000,100,100,0,19,1],["FX/2",3,2,66.67,20000,66.67,66.67,25161,5161,20.51,45.61,2,9,1]]
	[["m1",0,0,null,0,null,null,0,0,null,null,null,null,1],["s1",4,4,100,40000,100,75,10000,10000,100,100,0,19,0],["s2",3,2,66.67,20000,66.67,66.67,25161,5161,20.51,45.61,2,9,0],["s3",0,0,null,0,null,null,0,0,null,null,null,null,1]]
	[["一组",4,4,100,40000,100,75,10000,10000,100,100,0,19,1],["二组",3,2,66.67,20000,66.67,66.67,25161,5161,20.51,45.61,2,9,0]]
	X
'
# the staff report is the same rows, by staff unless asked otherwise
t "the staff report by every breakdown" '
	for by in project building staff group; do apr staff --by $by | pick ".key, .collected_fen, .contacts"; done >out
	apr staff | pick ".key, .collected_fen, .contacts" >>out
	expect_file out <<-X
	[["FX",75161,2]]
	[["FX/1",50000,1],["FX/2",25161,1]]
	[["m1",0,1],["s1",50000,0],["s2",25161,0],["s3",0,1]]
	[["一组",50000,1],["二组",25161,0]]
	[["m1",0,1],["s1",50000,0],["s2",25161,0],["s3",0,1]]
	X
'
# open as of 04-30: 203's February (88 days) and March (60 days) 200 → 31-90, its April
# (29 days) 100 → 1-30; all in building 2 (s2, 二组); building 1 owes nothing
t "aging by every breakdown" '
	for by in project building staff group; do apr aging --by $by | pick ".key, .d1_30_fen, .d31_90_fen, .total_fen"; done >out
	expect_file out <<-X
	[["FX",10000,20000,30000]]
	[["FX/1",0,0,0],["FX/2",10000,20000,30000]]
	[["s1",0,0,0],["s2",10000,20000,30000]]
	[["一组",0,0,0],["二组",10000,20000,30000]]
	X
'
# the one unpaid household of April is 203, its latest reason s3'"'"'s (stalling); a household
# goes to its building'"'"'s steward and group, whoever recorded the reason
t "reasons by every breakdown" '
	for by in project building staff group; do apr reasons --by $by | pick ".key, .reason, .households"; done >out
	expect_file out <<-X
	[["FX","stalling",1]]
	[["FX/2","stalling",1]]
	[["s2","stalling",1]]
	[["二组","stalling",1]]
	X
'
# m1'"'"'s call (103, paid three days later) and s3'"'"'s visit (203, nothing paid); m1 is in
# no group, so groups see only the visit
t "channels by every breakdown" '
	for by in project building staff group; do apr channels --by $by | pick ".key, .channel, .contacts, .paid_7d, .paid_30d"; done >out
	expect_file out <<-X
	[["FX","phone",1,1,1],["FX","visit",1,0,0]]
	[["FX/1","phone",1,1,1],["FX/2","visit",1,0,0]]
	[["m1","phone",1,1,1],["s3","visit",1,0,0]]
	[["一组","visit",1,0,0]]
	X
'
# the week ending 04-14 against the week ending 04-07: building 1 paid 300 of 400 (75.00)
# against 200 (50.00), building 2 200 of 300 (66.67) against 100 (33.33); recovered in the
# week on bills due before 04-08: 103'"'"'s 200, 202'"'"'s 151.61; m1'"'"'s call was last week, s3'"'"'s
# visit this week (一组'"'"'s); people with no buildings have no rate and no rank
t "the weekly review: the change since last week" '
	wuye report weekly --project FX --today 2026-04-14 --format json | pick ".key, .rank, .rank_before, .rate_pct, .rate_before_pct, .rate_change_pct, .recovered_fen, .recovered_before_fen, .contacts, .contacts_before" >out
	expect_eq "$(cat out)" "[[\"s1\",1,1,75,50,25,20000,0,0,0],[\"s2\",2,2,66.67,33.33,33.34,15161,0,0,0],[\"m1\",null,null,null,null,null,0,0,0,1],[\"s3\",null,null,null,null,null,0,0,1,0],[\"一组\",1,1,75,50,25,20000,0,1,0],[\"二组\",2,2,66.67,33.33,33.34,15161,0,0,0]]"
'
t "every report as csv, and as .xlsx read back" '
	for k in rates aging reasons channels staff; do
		wuye report $k --project FX --period 2026-04 --today 2026-04-30 --by building --format csv --lang en >$k.csv
		wuye report $k --project FX --period 2026-04 --today 2026-04-30 --by building -o $k.xlsx --lang en
		unzip -p $k.xlsx xl/worksheets/sheet1.xml >$k.xml
	done
	wuye report weekly --project FX --today 2026-04-14 --format csv --lang en >weekly.csv
	wuye report weekly --project FX --today 2026-04-14 -o weekly.xlsx --lang en
	unzip -p weekly.xlsx xl/worksheets/sheet1.xml >weekly.xml
	contains rates.csv "FX/2,,3,2,66.67,300.00,0.00,200.00,66.67,251.61,51.61,20.51,45.61,66.67,54.39,2,9"
	contains rates.xml "<v>20.51</v>"
	contains rates.xml "<v>251.61</v>"
	contains aging.csv "FX/2,,100.00,200.00,0.00,0.00,0.00,0.00,0.00,300.00"
	contains aging.xml "<v>300</v>"
	contains reasons.csv "FX/2,,stalling,"
	contains reasons.xml "<v>1</v>"
	contains channels.csv "FX/1,,phone,1,1,1,100.00,100.00"
	contains channels.xml "<v>100</v>"
	contains staff.csv "FX/1,,"
	contains staff.xml "<v>500</v>"
	contains weekly.csv "2,2,person,s2,楼管乙,66.67,33.34,151.61,0.00,0,0,0,0"
	contains weekly.xml "<v>33.34</v>"
	contains weekly.xml "<v>151.61</v>"
'
t "the whole company: --all" '
	wuye report rates --all --period 2026-04 --today 2026-04-30 --format json | pick ".key, .rate_amount_pct, .recovery_pct" >out
	expect_eq "$(cat out)" "[[\"FX\",85.71,43.12]]"
	expect_exit 1 wuye report rates --all --as m1 2>err
	expect_exit 2 wuye report rates --all --project FX 2>err
'

# the console as of 04-14: April's unpaid households are 102 (pays 04-20, no reason) and
# 203 (s3's visit: stalling); a person's or group's contacts are theirs wherever they were made
# April's targets: the project ¥700 (collected by 04-14: April's 500.00 + arrears 151.61 =
# 651.61 → 93.09%; expected by the 14th of 30 days: 700 × 14 / 30 = 326.67), the steward
# s9 ¥100 (no buildings: nothing collected), s1 ¥400 (not s9's to see)
wuye target set --project FX --period 2026-04 --amount 700 --as m1 >/dev/null
wuye target set --project FX --period 2026-04 --staff s9 --amount 100 --as m1 >/dev/null
wuye target set --project FX --period 2026-04 --staff s1 --amount 400 --as m1 >/dev/null
start_server WEB2 --today 2026-04-14 --fixed-today
U="http://127.0.0.1:$WEB2"
t "the units behind a reason, the contacts of a person and of a group, the weekly change" '
	web_login "$U" m1 pass-word-1 jar >/dev/null
	B1=$(sql "SELECT id FROM building WHERE code = '"'"'1'"'"'"); B2=$(sql "SELECT id FROM building WHERE code = '"'"'2'"'"'")
	curl -s -b jar "$U/reports/reasons?project=FX&period=2026-04&by=building" >page
	contains page "/reports/reasons/units?project=FX&amp;period=2026-04&amp;by=building&amp;row=$B2&amp;what=unpaid%3Astalling"
	units() { curl -s -b jar "$U/reports/$1/units?project=FX&period=2026-04&$2" | grep -o "FX/[0-9]-1-[0-9]*" | sort -u | tr "\n" " "; }
	expect_eq "$(units reasons "by=building&row=$B2&what=unpaid%3Astalling")" "FX/2-1-203 "
	expect_eq "$(units reasons "by=building&row=$B1&what=unpaid%3A")" "FX/1-1-102 "
	expect_eq "$(units reasons "by=building&row=$B1&what=unpaid%3Astalling")" ""
	S3=$(sql "SELECT id FROM staff WHERE login = '"'"'s3'"'"'"); M1=$(sql "SELECT id FROM staff WHERE login = '"'"'m1'"'"'")
	G1=$(sql "SELECT id FROM staff_group WHERE name = '"'"'一组'"'"'")
	expect_eq "$(units channels "by=staff&row=$S3&what=contacted")" "FX/2-1-203 "
	expect_eq "$(units channels "by=staff&row=$M1&what=contacted%3Aphone")" "FX/1-1-103 "
	expect_eq "$(units channels "by=group&row=$G1&what=contacted")" "FX/2-1-203 "
	curl -s -b jar "$U/reports/weekly?project=FX" >page
	grep -o "<td>s1 [^<]*</td>.*" page | sed "s/<\/tr>.*//; s/<[^>]*>/|/g; s/||*/|/g" >row
	expect_eq "$(cat row)" "|s1 楼管甲|75.00%|+25.00%|¥200.00|¥0.00|0|0|0|0|"
'
t "the dashboard: a steward sees the rates, a cashier does not" '
	web_login "$U" s9 pass-word-1 sjar >/dev/null
	curl -s -b sjar "$U/?project=FX" >page
	contains page "id=\"rate-amount\""
	grep -o "<tr data-target=\"FX:[^\"]*\">.*" page | sed "s/<\/table>.*//; s/<\/tr>/\n/g" | sed "s/<[^>]*>/|/g; s/||*/|/g" | grep -v "^|*$" >targets
	expect_file targets <<-X
	|FX 测试小区|¥700.00|¥651.61|¥326.67| |93.09%|71.43%|
	|s9 楼管丙|¥100.00|¥0.00|¥46.67| |0.00%|—|
	X
	web_login "$U" c1 pass-word-1 cjar >/dev/null
	curl -s -b cjar "$U/?project=FX" >page
	contains page "id=\"collected\""
	grep -q "rate-amount" page && fail "a cashier sees the rates" || true
'
stop_server WEB2

# ---- the seed's A区: 943 households moved in, 590 paid: 收费率 63% (62.57) ----
t "the seed: A区 943 households, 590 paid, 收费率 62.57%" '
	{
		echo "楼栋,单元,楼层,房号,建筑面积,房屋类型,状态,业主,电话,交房日期,入住日期"
		for i in $(seq 1 943); do
			b=$(( (i - 1) / 100 + 1 )); r=$(( (i - 1) % 100 + 1 ))
			printf "%d,1,%d,%d%02d,90,住宅,已入住,业主%d,139%08d,2020-01-01,2020-01-01\n" $b $(( (r - 1) / 4 + 1 )) $b $r $i $i
		done
	} >a.csv
	wuye project add A A区 >/dev/null
	wuye import units a.csv --project A >/dev/null
	C=$(wuye contract add --project A --name 合同 --from 2025-01-01)
	wuye tariff add --contract $C --item 物业费 --basis area --rate 1.5 --cycle year --due-day 1 >/dev/null
	wuye bill --project A --period 2026-01 --today 2026-01-01 >/dev/null
	{
		echo "楼栋,单元,房号,金额,收款方式,流水号,缴费日期"
		for i in $(seq 1 590); do
			b=$(( (i - 1) / 100 + 1 )); r=$(( (i - 1) % 100 + 1 ))
			printf "%d,1,%d%02d,1620.00,微信,A%04d,2026-0%d-%02d\n" $b $b $r $i $(( i % 9 + 1 )) $(( i % 28 + 1 ))
		done
	} >pay.csv
	wuye import payments pay.csv --project A --today 2026-11-27 >/dev/null
	wuye report rates --project A --period 2026 --today 2026-11-27 --format json | pick ".households, .households_paid, .rate_households_pct, .rate_amount_pct" >out
	expect_eq "$(cat out)" "[[943,590,62.57,62.57]]"
	wuye check >/dev/null
'

# ---- the seed's 收缴率 90% (last year 85%), 主动缴费率 80% (last year 70%) ----
# 20 households with a yearly bill; 2025: 17 paid, 3 of them only after a call → 14
# proactive; 2026: 18 paid (118 pays 2025's bill as well: money settles the oldest bill
# first), 2 after a call → 16 proactive
t "the seed: 收缴率 90% and 主动缴费率 80%, each up from last year" '
	{
		echo "楼栋,单元,楼层,房号,建筑面积,房屋类型,状态,业主,电话,交房日期,入住日期"
		for i in $(seq 1 20); do printf "1,1,1,%d,80,住宅,已入住,户主%d,137%08d,2020-01-01,2020-01-01\n" $((100 + i)) $i $i; done
	} >b.csv
	wuye project add B B区 >/dev/null
	wuye import units b.csv --project B >/dev/null
	C=$(wuye contract add --project B --name 合同 --from 2024-01-01)
	wuye tariff add --contract $C --item 物业费 --basis area --rate 2 --cycle year --due-day 1 >/dev/null
	for y in 2025 2026; do
		wuye bill --project B --period $y-01 --today $y-01-01 >/dev/null
		n=$([ $y = 2025 ] && echo 17 || echo 18); called=$([ $y = 2025 ] && echo 3 || echo 2)
		for i in $(seq 1 $n); do
			if [ $i -le $called ]; then
				wuye contact B/1-1-$((100 + i)) --channel phone --result reached --today $y-03-01 >/dev/null
			fi
			amount=$([ $y = 2026 ] && [ $i = 18 ] && echo 3840 || echo 1920) # 118 pays 2025 too
			wuye pay B/1-1-$((100 + i)) $amount --channel cash --today $y-03-0$(( i % 5 + 2 )) >/dev/null
		done
	done
	for y in 2025 2026; do
		wuye report rates --project B --period $y --today $y-12-31 --format json | pick ".rate_amount_pct, .rate_households_pct, .proactive_pct"
	done >out
	expect_file out <<-X
	[[85,85,70]]
	[[90,90,80]]
	X
'
t "the books still balance with every summary proven" '
	wuye check >out
	sql "UPDATE fig_unit SET open_count = open_count + 1 WHERE period = '"'"'2026-03'"'"' AND unit_id = (SELECT MIN(unit_id) FROM fig_unit)"
	expect_exit 1 wuye check 2>err
	contains err "fig_unit"
	sql "UPDATE fig_unit SET open_count = open_count - 1 WHERE period = '"'"'2026-03'"'"' AND unit_id = (SELECT MIN(unit_id) FROM fig_unit)"
	wuye check >out
'
done_testing
