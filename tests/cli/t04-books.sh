#!/usr/bin/env bash
# t04-books.sh: every rule of CLI.md's Books section, to the fen.
. "$(dirname "$0")/lib.sh"
new_db
wuye project add HY 华苑小区 >/dev/null
wuye import units "$FIX/units_utf8.csv" --project HY >/dev/null
wuye staff add wang 王收银 --role cashier --project HY >/dev/null
wuye staff add li 李经理 --role manager --project HY >/dev/null
wuye staff add zhang 张楼管 --role steward --project HY --buildings 3 >/dev/null

acct() { wuye account "$1" --today "$2" --format json; }
bill_field() { jq -r ".bills[] | select(.period == \"$2\" and .kind != \"latefee\") | .$3" "$1"; }

t "a contract and its tariff are added" '
	expect_eq "$(wuye contract add --project HY --name 前期物业服务合同 --from 2020-01-01 --late-daily 0.0003)" 1
	expect_eq "$(wuye tariff add --contract 1 --item 物业费 --basis area --rate 1.85 --due-day 15)" 1
'
t "a fee item keeps its kind and the tax rate for invoicing" '
	wuye item set 停车管理费 --project HY --kind parking --tax-rate 9 >/dev/null
	expect_eq "$(sql "SELECT kind || '"'"' '"'"' || tax_rate_bp FROM fee_item WHERE name = '"'"'停车管理费'"'"'")" "parking 900"
	expect_eq "$(sql "SELECT kind || '"'"' '"'"' || tax_rate_bp FROM fee_item WHERE name = '"'"'物业费'"'"'")" "property 600"
	expect_exit 2 wuye item set 物业费 --project HY --tax-rate abc 2>err
'
t "a steward may not add contracts" '
	expect_exit 1 wuye contract add --project HY --name x --from 2020-01-01 --as zhang 2>err
	expect_eq "$(sql "SELECT COUNT(*) FROM contract")" 1
'
t "a bill run bills every unit: area × rate, rounded half-up once" '
	wuye bill --project HY --period 2026-05 --today 2026-05-01 --format json >run
	expect_eq "$(jq -c "[.bills, .amount_fen, .existing]" run)" "[4,67135,0]"
	acct HY/3-2-1201 2026-05-01 >a
	expect_eq "$(jq -c ".bills[0] | [.period, .due, .amount_fen, .explain]" a)" \
		"[\"2026-05\",\"2026-05-15\",16570,\"89.57㎡ × ¥1.85/㎡/月 = ¥165.70\"]"
	acct HY/3-2-1202 2026-05-01 | jq -r ".bills[0].explain" >e && expect_file e <<-X
	118.32㎡ × ¥1.85/㎡/月 = ¥218.89
	X
'
t "running a period again bills nothing twice" '
	wuye bill --project HY --period 2026-05 --today 2026-05-02 --format json >run
	expect_eq "$(jq -c "[.bills, .existing]" run)" "[0,4]"
	expect_eq "$(sql "SELECT COUNT(*) FROM bill")" 4
	expect_eq "$(sql "SELECT COUNT(*) FROM bill_run")" 2
'
t "a unit not handed over is billed to the developer account" '
	expect_eq "$(acct HY/3-2-1203 2026-05-01 | jq -r ".bills[0].payer")" "华苑小区开发商账户"
'
t "a renegotiated rate applies only from its contract's start" '
	wuye contract add --project HY --name 物业服务合同 --from 2026-07-01 --late-daily 0.0003 >/dev/null
	wuye tariff add --contract 2 --item 物业费 --basis area --rate 2.10 --due-day 15 --vacant-pct 50 >/dev/null
	wuye bill --project HY --period 2026-06 --today 2026-06-01 >/dev/null
	wuye bill --project HY --period 2026-07 --today 2026-07-01 >/dev/null
	acct HY/3-2-1201 2026-07-01 >a
	expect_eq "$(bill_field a 2026-06 amount_fen)" 16570
	expect_eq "$(bill_field a 2026-07 amount_fen)" 18810
	expect_eq "$(bill_field a 2026-07 explain)" "89.57㎡ × ¥2.10/㎡/月 = ¥188.10"
'
t "vacancy percent applies where the contract sets it, by the state on the first day" '
	acct HY/3-2-1202 2026-07-01 >a
	expect_eq "$(bill_field a 2026-06 amount_fen)" 21889
	expect_eq "$(bill_field a 2026-07 amount_fen)" 12424
	expect_eq "$(bill_field a 2026-07 explain)" "118.32㎡ × ¥2.10/㎡/月 × 50%（空置） = ¥124.24"
'
t "overlapping contracts for the same item are refused" '
	wuye contract add --project HY --name 重复 --from 2026-07-01 >/dev/null
	expect_exit 1 wuye tariff add --contract 3 --item 物业费 --basis area --rate 3 2>err
	contains err "物业费"
	wuye contract add --project HY --name 过长 --from 2025-01-01 --to 2026-08-31 >/dev/null
	expect_exit 1 wuye tariff add --contract 4 --item 物业费 --basis area --rate 3 2>err
	expect_eq "$(sql "SELECT COUNT(*) FROM tariff")" 2
	wuye tariff add --contract 3 --item 停车管理费 --basis unit --rate 150 --unit-type parking >/dev/null
'
t "payments settle the oldest due date first; the rest is prepaid" '
	expect_eq "$(wuye pay HY/3-2-1201 400 --channel wechat --today 2026-07-20 --as wang)" 1
	acct HY/3-2-1201 2026-07-20 >a
	expect_eq "$(jq -c "[.bills[] | [.period, .paid_fen, .open_fen]]" a)" \
		"[[\"2026-05\",16570,0],[\"2026-06\",16570,0],[\"2026-07\",6860,11950]]"
	wuye pay HY/3-2-1201 200 --channel cash --today 2026-07-21 --as wang --format json >p
	expect_eq "$(jq -c "[.id, .receipt, .applied_fen, .prepaid_fen]" p)" "[2,\"HY-000002\",11950,8050]"
	acct HY/3-2-1201 2026-07-21 >a
	expect_eq "$(jq -c "[.open_fen, .prepaid_fen]" a)" "[0,8050]"
'
t "the next bill run settles new bills from prepaid" '
	wuye bill --project HY --period 2026-08 --today 2026-08-01 --format json >run
	expect_eq "$(jq -r .settled_fen run)" 8050
	acct HY/3-2-1201 2026-08-01 >a
	expect_eq "$(jq -c "[.open_fen, .prepaid_fen]" a)" "[10760,0]"
	expect_eq "$(bill_field a 2026-08 paid_fen)" 8050
'
t "a reversal reopens exactly what the payment settled, prepaid included, and keeps its receipt" '
	expect_eq "$(wuye reverse 2 --reason 重复扣款 --today 2026-08-02 --as wang)" 1
	acct HY/3-2-1201 2026-08-02 >a
	expect_eq "$(jq -c "[.open_fen, .prepaid_fen]" a)" "[30760,0]"
	expect_eq "$(bill_field a 2026-07 open_fen)" 11950
	expect_eq "$(bill_field a 2026-08 open_fen)" 18810
	expect_eq "$(jq -c "[.payments[] | [.receipt, .reversed]]" a)" "[[\"HY-000001\",false],[\"HY-000002\",true]]"
	wuye receipt HY-000002 >r && contains r "HY-000002"
	expect_exit 1 wuye reverse 2 --reason again --as wang 2>err
'
t "a reversed payment counts as never made for late fees" '
	# July: 188.10 due 07-15, 68.60 paid on 07-20 by payment 1 (kept); payment 2 (reversed) never counted
	acct HY/3-2-1201 2026-08-02 >a
	# 07-16..07-19 on 18810 (4 days), 07-20..08-02 on 11950 (14 days), at 0.0003: 22.572 + 50.19 = 72.762 → 73
	expect_eq "$(bill_field a 2026-07 late_fee_fen)" 73
'
t "the same --ref posts once; another unit or amount with it is refused" '
	expect_eq "$(wuye pay HY/12--0301 100 --channel wechat --ref WX20260801001 --today 2026-08-02 --as wang)" 3
	expect_eq "$(wuye pay HY/12--0301 100 --channel wechat --ref WX20260801001 --today 2026-08-02 --as wang)" 3
	expect_exit 1 wuye pay HY/12--0301 99 --channel wechat --ref WX20260801001 --as wang 2>err
	contains err "WX20260801001"
	expect_exit 1 wuye pay HY/3-2-1201 100 --channel wechat --ref WX20260801001 --as wang 2>err
	expect_eq "$(sql "SELECT COUNT(*) FROM payment WHERE ref = '"'"'WX20260801001'"'"'")" 1
'
t "two processes paying with the same --ref at once post one payment" '
	for i in 1 2 3 4; do
		wuye pay HY/12--0301 50 --channel alipay --ref ALI-RACE --today 2026-08-03 --as wang >out$i 2>err$i &
	done
	wait
	expect_eq "$(sql "SELECT COUNT(*) FROM payment WHERE ref = '"'"'ALI-RACE'"'"'")" 1
	expect_eq "$(sort -u out1 out2 out3 out4 | wc -l)" 1
'
t "receipt numbers have no gaps, even after refused payments" '
	expect_exit 1 wuye pay HY/3-2-1201 10 --channel wechat --bills 9999 --as wang 2>err
	expect_exit 2 wuye pay HY/3-2-1201 10.001 --channel wechat --as wang 2>err
	expect_exit 2 wuye pay HY/3-2-1201 10 --channel bitcoin --as wang 2>err
	expect_eq "$(sql "SELECT COUNT(*) || '"'"' '"'"' || MAX(receipt_no) FROM payment")" "4 4"
'
t "--bills pays the bills named, the rest is prepaid" '
	acct HY/3-2-1202 2026-08-03 >a
	id=$(bill_field a 2026-07 id)
	wuye pay HY/3-2-1202 200 --channel card --bills $id --today 2026-08-03 --as wang --format json >p
	expect_eq "$(jq -c "[.applied_fen, .prepaid_fen]" p)" "[12424,7576]"
	acct HY/3-2-1202 2026-08-03 >a
	expect_eq "$(bill_field a 2026-05 open_fen)" 21889
	expect_eq "$(bill_field a 2026-07 open_fen)" 0
'
t "a waiver takes effect only when another person, a manager, approves it" '
	acct HY/3-2-1202 2026-08-03 >a
	id=$(bill_field a 2026-05 id)
	expect_exit 1 wuye waive $id 300 --reason 维修未完成 --as wang 2>err
	contains err "¥218.89"
	rid=$(wuye waive $id 50 --reason 电梯停运补偿 --as wang --today 2026-08-03)
	expect_eq "$(bill_field <(acct HY/3-2-1202 2026-08-03) 2026-05 open_fen)" 21889
	expect_exit 1 wuye approve $rid --as zhang 2>err
	expect_exit 1 wuye approve $rid --as wang 2>err
	wuye waive $id 10 --reason 自己批 --as li >/dev/null
	expect_exit 1 wuye approve $((rid + 1)) --as li 2>err && contains err "li"
	wuye approve $rid --as li --today 2026-08-04
	acct HY/3-2-1202 2026-08-04 >a
	expect_eq "$(bill_field a 2026-05 waived_fen)" 5000
	expect_eq "$(bill_field a 2026-05 open_fen)" 16889
	expect_exit 1 wuye approve $rid --as li 2>err
'
t "an approved waiver lowers the open principal from the day of approval" '
	# 2026-05 bill of 1202: 218.89 due 05-15; 50.00 waived on 08-04; as of 08-04:
	# 05-16..08-03 (80 days) on 21889 = 525.336; 08-04 on 16889 = 5.0667 → 530.40 → 530
	expect_eq "$(bill_field <(acct HY/3-2-1202 2026-08-04) 2026-05 late_fee_fen)" 530
'
t "late fees: charged with the payment, taken from the amount first" '
	wuye project add LF 滞纳金小区 >/dev/null
	printf "楼栋,房号,面积,业主,电话\n1,101,89.57,周敏,13500004444\n" >lf.csv
	wuye import units lf.csv --project LF >/dev/null
	wuye contract add --project LF --name c --from 2020-01-01 --late-daily 0.0003 >/dev/null
	wuye tariff add --contract 5 --item 物业费 --basis area --rate 1.85 --due-day 15 >/dev/null
	wuye bill --project LF --period 2026-05 --today 2026-05-01 >/dev/null
	# CLI.md: ¥165.70 due 05-15 and paid on 07-20 accrues 65 days, 323 fen
	expect_eq "$(acct LF/1--101 2026-07-20 | jq .late_fee_fen)" 328
	wuye pay LF/1--101 168.93 --channel cash --late-fee --today 2026-07-20 --as admin --format json >p
	expect_eq "$(jq -c "[.late_fee_fen, .applied_fen, .prepaid_fen]" p)" "[323,16893,0]"
	acct LF/1--101 2026-07-20 >a
	expect_eq "$(jq -c "[.open_fen, .late_fee_fen, .prepaid_fen]" a)" "[0,0,0]"
	expect_eq "$(jq -c "[.bills[] | [.kind, .amount_fen, .late_fee_fen]]" a)" "[[\"fee\",16570,323],[\"latefee\",323,0]]"
'
t "late fees: accrued fees are shown, a manager confirms them into a charge" '
	wuye bill --project LF --period 2026-08 --today 2026-08-01 >/dev/null
	expect_eq "$(acct LF/1--101 2026-09-14 | jq .late_fee_fen)" 149
	expect_exit 1 wuye latefee charge LF/1--101 --today 2026-09-14 --as wang 2>err
	wuye latefee charge LF/1--101 --today 2026-09-14 --format json >c
	expect_eq "$(jq .amount_fen c)" 149
	acct LF/1--101 2026-09-14 >a
	expect_eq "$(jq -c "[.open_fen, .late_fee_fen]" a)" "[16719,0]"
	expect_eq "$(acct LF/1--101 2026-09-15 | jq .late_fee_fen)" 5
'
t "late fees: nothing inside the grace days, simple, capped" '
	wuye project add GR 宽限 >/dev/null
	printf "楼栋,房号,面积,业主,电话\n1,101,89.57,钱七,13722223333\n" >gr.csv
	wuye import units gr.csv --project GR >/dev/null
	wuye contract add --project GR --name c --from 2020-01-01 --late-daily 0.0003 --late-grace-days 10 --late-cap-pct 10 >/dev/null
	wuye tariff add --contract 6 --item 物业费 --basis area --rate 1.85 --due-day 15 >/dev/null
	wuye bill --project GR --period 2026-05 --today 2026-05-01 >/dev/null
	expect_eq "$(acct GR/1--101 2026-05-25 | jq .late_fee_fen)" 0
	expect_eq "$(acct GR/1--101 2026-05-26 | jq .late_fee_fen)" 5
	expect_eq "$(acct GR/1--101 2026-05-27 | jq .late_fee_fen)" 10
	expect_eq "$(acct GR/1--101 2029-05-15 | jq .late_fee_fen)" 1657
	expect_eq "$(acct GR/1--101 2026-06-26 | jq ".bills[0].overdue_days")" 42
'
t "yearly and quarterly cycles bill in advance, rounded once" '
	wuye project add YR 年缴 >/dev/null
	printf "楼栋,房号,面积,业主,电话\n1,101,89.57,吴丽,13900001111\n" >yr.csv
	wuye import units yr.csv --project YR >/dev/null
	wuye contract add --project YR --name c --from 2020-01-01 >/dev/null
	wuye tariff add --contract 7 --item 物业费 --basis area --rate 1.85 --cycle year --due-day 31 >/dev/null
	wuye tariff add --contract 7 --item 公共设施维护费 --basis area --rate 0.1 --cycle quarter >/dev/null
	wuye bill --project YR --period 2026-02 --today 2026-02-01 --format json | jq .bills >n && expect_file n <<-X
	0
	X
	wuye bill --project YR --period 2027-01 --today 2027-01-01 >/dev/null
	acct YR/1--101 2027-01-01 >a
	expect_eq "$(jq -c "[.bills[] | [.period, .due, .amount_fen, .explain]]" a)" \
		"[[\"2027-Q1\",\"2027-01-01\",2687,\"89.57㎡ × ¥0.10/㎡/月 × 3个月 = ¥26.87\"],[\"2027\",\"2027-01-31\",198845,\"89.57㎡ × ¥1.85/㎡/月 × 12个月 = ¥1,988.45\"]]"
'
t "a unit handed over mid-period: the developer pays the days before, the owner from then" '
	wuye project add PR 交房 >/dev/null
	printf "楼栋,房号,面积,状态\n1,101,89.57,未交付\n" >pr.csv
	wuye import units pr.csv --project PR >/dev/null
	wuye contract add --project PR --name c --from 2020-01-01 >/dev/null
	wuye tariff add --contract 8 --item 物业费 --basis area --rate 1.85 >/dev/null
	wuye unit state PR/1--101 --state vacant --from 2026-07-10
	wuye unit sell PR/1--101 --owner 孙丽 --phone 13400005555 --from 2026-07-10 >/dev/null
	wuye bill --project PR --period 2026-07 --today 2026-07-01 >/dev/null
	acct PR/1--101 2026-07-10 >a
	expect_eq "$(jq -c "[.bills[] | [.payer, .amount_fen, .explain]]" a)" \
		"[[\"交房开发商账户\",4811,\"89.57㎡ × ¥1.85/㎡/月 × 9/31天 = ¥48.11\"],[\"孙丽\",11760,\"89.57㎡ × ¥1.85/㎡/月 × 22/31天 = ¥117.60\"]]"
'
t "the owner's payment does not settle the developer's bill of the same unit" '
	wuye pay PR/1--101 200 --channel cash --today 2026-07-11 --format json >p
	expect_eq "$(jq -c "[.applied_fen, .prepaid_fen]" p)" "[11760,8240]"
	expect_eq "$(acct PR/1--101 2026-07-11 | jq -c "[.bills[] | .open_fen]")" "[4811,0]"
'
t "refunds hand back prepaid money, no more than there is" '
	pid=$(sql "SELECT MAX(id) FROM payment")
	expect_exit 1 wuye refund $pid 100 --reason 退款 --today 2026-07-12 2>err
	wuye refund $pid 40 --reason 业主申请退回 --today 2026-07-12 >/dev/null
	expect_eq "$(acct PR/1--101 2026-07-12 | jq .prepaid_fen)" 4240
'
t "incentives: 5% off a full year paid early, recorded as an approved waiver" '
	wuye incentive add --project YR --kind early_annual --name 年缴九五折 --pct 5 --period 2027 --from 2026-12-01 --until 2027-01-31 >/dev/null
	# 1988.45 less 5% (99.42) = 1889.03, and the quarter 26.87
	wuye pay YR/1--101 1915.90 --channel wechat --today 2027-01-10 --format json >p
	expect_eq "$(jq -c "[.discount_fen, .applied_fen, .prepaid_fen]" p)" "[9942,191590,0]"
	acct YR/1--101 2027-01-10 >a
	expect_eq "$(jq -c "[.open_fen, (.bills[] | select(.period == \"2027\") | .waived_fen)]" a)" "[0,9942]"
	wuye requests --project YR --format json >r
	expect_eq "$(jq -c "[.[] | [.kind, .amount_fen, .state]]" r)" "[[\"waiver\",9942,\"approved\"]]"
'
t "incentives: late fees waived when all principal is settled" '
	wuye incentive add --project GR --kind latefee_amnesty --name 清欠免滞纳金 --from 2026-01-01 --until 2026-12-31 >/dev/null
	# 05-26..06-30 is 36 days: 178.956 → 179; paid on 06-30 it is 35 days: 174
	expect_eq "$(acct GR/1--101 2026-06-30 | jq .late_fee_fen)" 179
	wuye pay GR/1--101 165.70 --channel cash --today 2026-06-30 --format json >p
	expect_eq "$(jq .discount_fen p)" 174
	expect_eq "$(acct GR/1--101 2026-06-30 | jq -c "[.open_fen, .late_fee_fen]")" "[0,0]"
'
t "arrears lists payers with overdue bills by aging bucket" '
	wuye arrears --project HY --today 2026-09-30 --format json >ar
	expect_eq "$(jq -c "[.[] | [.payer, .overdue_fen, .oldest_due, .overdue_days]]" ar)" \
		"[[\"华苑小区开发商账户\",70760,\"2026-05-15\",138],[\"王伟\",30760,\"2026-07-15\",77],[\"李娜\",51202,\"2026-05-15\",138],[\"张伟\",36696,\"2026-06-15\",107]]"
	expect_eq "$(jq -c ".[] | select(.payer == \"李娜\") | .buckets" ar)" \
		"{\"1-30\":0,\"31-90\":12424,\"91-180\":38778,\"181-365\":0,\"366-730\":0,\"731-1095\":0,\"1096+\":0}"
	wuye arrears --project HY --today 2026-09-30 --min-days 100 --format json | jq length >n && expect_file n <<-X
	3
	X
'
t "opening arrears import as ordinary bills, all or nothing" '
	printf "楼栋,单元,房号,收费项目,所属期间,金额,应缴日期\n3,2,1201,物业费,2025-01~2025-12,1988.45,2025-01-31\n12,,0301,停车管理费,2025-06,150,2025-06-01\n" >arr.csv
	printf "楼栋,单元,房号,收费项目,所属期间,金额,应缴日期\n3,2,1201,物业费,2024,12.345,2024-01-31\n9,9,9999,物业费,2024-13,100,2024-01-31\n" >bad.csv
	expect_exit 1 wuye import arrears bad.csv --project HY --lang en 2>err
	contains err "row 2, column 金额:"
	contains err "row 3, column 房号: no unit 9-9-9999"
	contains err "row 3, column 所属期间:"
	expect_eq "$(sql "SELECT COUNT(*) FROM bill WHERE kind = '"'"'opening'"'"'")" 0
	wuye import arrears arr.csv --project HY --today 2026-09-30 >/dev/null
	acct HY/3-2-1201 2026-09-30 >a
	expect_eq "$(jq -c ".bills[0] | [.period, .due, .amount_fen, .explain]" a)" \
		"[\"2025-01~2025-12\",\"2025-01-31\",198845,\"期初欠费：2025-01~2025-12 物业费 ¥1,988.45\"]"
	expect_exit 1 wuye import arrears arr.csv --project HY --today 2026-09-30 --lang en 2>err
	contains err "row 2, column 所属期间: the unit already has a bill"
'
t "the books balance" '
	wuye check --lang en >out && contains out "the books balance: 57 postings, 27 bills, 9 payments"
'
t "the database refuses to update or delete a posted record" '
	! sql "UPDATE bill SET amount_fen = 1 WHERE id = 1" 2>err
	contains err "append-only"
	! sql "DELETE FROM allocation WHERE id = 1" 2>err
	! sql "DELETE FROM posting" 2>err
	expect_eq "$(sql "SELECT amount_fen FROM bill WHERE id = 1")" 16570
'
t "wuye check names a tampered amount and a deleted allocation" '
	if [ "$(backend)" = pg ]; then
		sql "ALTER TABLE bill DISABLE TRIGGER bill_append_only; UPDATE bill SET amount_fen = 17000 WHERE id = 1;
		     ALTER TABLE bill ENABLE TRIGGER bill_append_only" >/dev/null
		sql "ALTER TABLE allocation DISABLE TRIGGER allocation_append_only; DELETE FROM allocation WHERE id = 2;
		     ALTER TABLE allocation ENABLE TRIGGER allocation_append_only" >/dev/null
	else
		sql "DROP TRIGGER bill_append_only_u; UPDATE bill SET amount_fen = 17000 WHERE id = 1;
		     DROP TRIGGER allocation_append_only_d; PRAGMA foreign_keys = OFF; DELETE FROM allocation WHERE id = 2"
	fi
	expect_exit 1 wuye check --lang en 2>err
	contains err "wuye: bill 1: the record says ¥170.00 but the journal posted ¥165.70"
	contains err "allocation 2, which does not exist"
	contains err "the books do not balance"
'
done_testing
