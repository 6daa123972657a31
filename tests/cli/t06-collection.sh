#!/usr/bin/env bash
# t06-collection.sh: a small community run day by day through 500 days of collection,
# every task and message asserted with its date and assignee.
#
# One bill each, ¥100.00 due 2026-01-15; the default ladder then says: prenotice 01-08,
# reminder 01-16, phone 01-19, visit 01-22, notice 02-14, interview 03-16, review 04-15,
# committee 05-15, lawyer 2027-01-15, lawsuit 2027-04-15 (each no sooner than the policy's
# gap after the step before).  Each day the run comes first (it acts at 08:00), then what
# people do that day.
. "$(dirname "$0")/lib.sh"
new_db

cat >owners.csv <<'EOF'
楼栋,单元,房号,面积,状态,业主,电话,微信,邮箱,工作单位,标签
1,1,101,90,已入住,甲准时,13800000001,wx_jia,,,
1,1,102,90,已入住,乙电话后缴,13800000002,,,,
1,1,103,90,已入住,丙约定履行,13800000003,,,,
1,1,104,90,已入住,丁约定未缴,13800000004,,,,
1,1,105,90,已入住,戊服务投诉,13800000005,,,,
1,1,106,90,已入住,己分期履行,13800000006,,,,
1,1,107,90,已入住,庚分期违约,13800000007,,,,
1,1,108,90,已入住,辛联系不上,13800000008/13900000008,,,,
1,1,109,90,已入住,壬拒交,13800000009,,,,
1,1,110,90,空置,癸空置房,010-62340010,,gui@example.com,市第一人民医院,
1,1,111,90,已入住,子期初欠费,010-62340011,,,,
1,1,112,90,已入住,丑报修未修,13800000012,,,,重点户
EOF
printf "楼栋,单元,房号,收费项目,所属期间,金额,应缴日期\n1,1,111,物业费,2024-02,200,2024-03-01\n" >opening.csv

t "the community, its staff and one bill each" '
	wuye project add SIM 模拟小区 >/dev/null
	wuye import units owners.csv --project SIM >/dev/null
	wuye staff add zhang 张楼管 --role steward --project SIM --buildings 1 >/dev/null
	wuye staff add li 李经理 --role manager --project SIM >/dev/null
	wuye staff add fa 王法务 --role legal --project SIM >/dev/null
	wuye contract add --project SIM --name 物业服务合同 --from 2020-01-01 >/dev/null
	wuye tariff add --contract 1 --item 物业费 --basis unit --rate 100 --due-day 15 >/dev/null
	wuye bill --project SIM --period 2026-01 --today 2026-01-01 >/dev/null
	wuye import arrears opening.csv --project SIM --today 2026-01-01 >/dev/null
	printf "proof" >receipt.jpg
'

u() { echo "SIM/1-1-$1"; }
pay() { wuye pay "$(u "$1")" "$2" --channel cash --today "$day" >/dev/null; }
contact() { local room=$1; shift; wuye contact "$(u "$room")" --today "$day" --as "${AS:-zhang}" "$@" >/dev/null; }

# what people do, day by day
act() {
	case "$day" in
	2026-01-15) pay 101 100 ;;
	2026-01-19)
		contact 102 --channel phone --result reached
		contact 103 --channel phone --result promised --promise-date 2026-01-29 --promise-amount 100
		contact 104 --channel phone --result promised --promise-date 2026-01-29 --promise-amount 100
		contact 105 --channel phone --result reached --reason service --note 电梯经常停运
		contact 108 --channel phone --result no-answer --phone 13800000008
		contact 109 --channel phone --result refused --reason refusal ;;
	2026-01-20)
		pay 102 100
		contact 108 --channel phone --result no-answer --phone 13900000008
		wuye complaint "$(u 112)" --category repair --note 楼道灯坏 --today "$day" --as zhang >/dev/null ;;
	2026-01-21)
		contact 108 --channel phone --result no-answer --phone 13800000008
		contact 109 --channel notice --result reached --note 已当面送达并签收 --proof receipt.jpg ;;
	2026-01-22)
		contact 108 --channel phone --result no-answer --phone 13900000008
		contact 106 --channel visit --result reached --reason hardship --note 失业，申请分期
		wuye plan "$(u 106)" --installments 3 --first 2026-02-01 --today "$day" --as li >/dev/null
		contact 107 --channel visit --result reached --reason hardship --note 生意困难，申请分期
		wuye plan "$(u 107)" --installments 3 --first 2026-02-01 --today "$day" --as li >/dev/null
		AS=li contact 110 --channel visit --result reached --note 在单位见到业主 ;;
	2026-01-23) pay 110 100 ;;
	2026-01-24) wuye workorder 1 --fixed --today "$day" --as zhang ;;
	2026-01-27) wuye workorder 1 --verified --today "$day" --as zhang ;;
	2026-01-29) pay 103 100 ;;
	2026-02-01) pay 105 100; pay 106 33.33; pay 107 33.33 ;;
	2026-02-10) wuye workorder 2 --verified --today "$day" --as zhang ;;
	2026-02-12) pay 112 100 ;;
	2026-03-01) pay 106 33.33 ;;
	2026-04-01) pay 106 33.34 ;;
	esac
}

t "500 days of the daily run" '
	day=2026-01-01
	end=2027-05-15
	while [ "$day" != "$end" ]; do
		wuye dun --project SIM --today "$day" >/dev/null
		wuye dun --project SIM --today "$day" --format json | jq -e ".fired == 0 and .opened == 0" >/dev/null ||
			fail "a second run on $day changed something"
		act
		day=$(date -d "$day + 1 day" +%F)
	done
'

report_tasks() {
	sql "SELECT p.name, t.step, s.login, t.due_day, t.state FROM task t JOIN dun_case k ON k.id = t.case_id
	     JOIN party p ON p.id = k.payer_id JOIN staff s ON s.id = t.staff_id ORDER BY t.id" |
	while IFS="|" read -r name step staff dueday state; do
		echo "$name $step $staff $(date -d "1970-01-01 + $dueday day" +%F) $state"
	done
}

report_messages() {
	sql "SELECT p.name, o.step, o.channel, o.created_day, o.state, o.address FROM outbox o JOIN party p ON p.id = o.payer_id
	     ORDER BY o.id" |
	while IFS="|" read -r name step channel d state address; do
		echo "$name $step $channel $(date -d "1970-01-01 + $d day" +%F) $state $address"
	done
}

report_cases() {
	sql "SELECT p.name, k.state, k.step, k.opened_day, COALESCE(k.closed_day, 0), k.outcome FROM dun_case k
	     JOIN party p ON p.id = k.payer_id ORDER BY k.id" |
	while IFS="|" read -r name state step opened closed outcome; do
		c=-; [ "$closed" = 0 ] || c=$(date -d "1970-01-01 + $closed day" +%F)
		echo "$name $state ${step:--} $(date -d "1970-01-01 + $opened day" +%F) $c ${outcome:--}"
	done
}

t "every task, with its day, its assignee and how it ended" '
	report_tasks >tasks
	expect_file tasks <<-X
	子期初欠费 phone zhang 2026-01-12 open
	子期初欠费 visit zhang 2026-01-15 open
	乙电话后缴 phone zhang 2026-01-19 done
	丙约定履行 phone zhang 2026-01-19 done
	丁约定未缴 phone zhang 2026-01-19 done
	戊服务投诉 phone zhang 2026-01-19 done
	己分期履行 phone zhang 2026-01-19 cancelled
	庚分期违约 phone zhang 2026-01-19 open
	辛联系不上 phone zhang 2026-01-19 done
	壬拒交 phone zhang 2026-01-19 done
	癸空置房 phone zhang 2026-01-19 cancelled
	丑报修未修 phone zhang 2026-01-19 cancelled
	壬拒交 notice zhang 2026-01-20 done
	己分期履行 visit zhang 2026-01-22 done
	庚分期违约 visit zhang 2026-01-22 done
	辛联系不上 visit zhang 2026-01-22 open
	癸空置房 visit zhang 2026-01-22 done
	辛联系不上 trace zhang 2026-01-22 open
	丁约定未缴 promise-followup zhang 2026-01-30 open
	丁约定未缴 visit zhang 2026-01-30 open
	戊服务投诉 visit zhang 2026-01-30 cancelled
	丑报修未修 service-failure li 2026-02-05 cancelled
	子期初欠费 notice zhang 2026-02-07 open
	丑报修未修 visit li 2026-02-12 cancelled
	辛联系不上 notice zhang 2026-02-14 open
	丁约定未缴 notice zhang 2026-02-22 open
	庚分期违约 plan-followup zhang 2026-03-02 open
	子期初欠费 interview li 2026-03-09 open
	辛联系不上 interview li 2026-03-16 open
	壬拒交 interview li 2026-03-16 open
	丁约定未缴 interview li 2026-03-24 open
	庚分期违约 notice zhang 2026-04-02 open
	子期初欠费 review li 2026-04-08 open
	辛联系不上 review li 2026-04-15 open
	壬拒交 review li 2026-04-15 open
	丁约定未缴 review li 2026-04-23 open
	庚分期违约 interview li 2026-05-02 open
	子期初欠费 committee li 2026-05-08 open
	辛联系不上 committee li 2026-05-15 open
	壬拒交 committee li 2026-05-15 open
	丁约定未缴 committee li 2026-05-23 open
	庚分期违约 review li 2026-06-01 open
	庚分期违约 committee li 2026-07-01 open
	子期初欠费 limitation fa 2026-12-01 open
	子期初欠费 lawyer fa 2027-01-08 open
	辛联系不上 lawyer fa 2027-01-15 open
	壬拒交 lawyer fa 2027-01-15 open
	丁约定未缴 lawyer fa 2027-01-23 open
	庚分期违约 lawyer fa 2027-03-03 open
	壬拒交 lawsuit fa 2027-04-15 open
	X
'
t "every automatic message: neutral notices, by WeChat and SMS, else e-mail, else a letter" '
	report_messages >messages
	expect_file messages <<-X
	子期初欠费 prenotice letter 2026-01-01 queued 1-1-111
	甲准时 prenotice wechat 2026-01-08 cancelled wx_jia
	甲准时 prenotice sms 2026-01-08 cancelled 13800000001
	乙电话后缴 prenotice sms 2026-01-08 cancelled 13800000002
	丙约定履行 prenotice sms 2026-01-08 cancelled 13800000003
	丁约定未缴 prenotice sms 2026-01-08 queued 13800000004
	戊服务投诉 prenotice sms 2026-01-08 cancelled 13800000005
	己分期履行 prenotice sms 2026-01-08 cancelled 13800000006
	庚分期违约 prenotice sms 2026-01-08 queued 13800000007
	辛联系不上 prenotice sms 2026-01-08 queued 13800000008
	壬拒交 prenotice sms 2026-01-08 queued 13800000009
	癸空置房 prenotice email 2026-01-08 cancelled gui@example.com
	丑报修未修 prenotice sms 2026-01-08 cancelled 13800000012
	子期初欠费 reminder letter 2026-01-09 queued 1-1-111
	乙电话后缴 reminder sms 2026-01-16 cancelled 13800000002
	丙约定履行 reminder sms 2026-01-16 cancelled 13800000003
	丁约定未缴 reminder sms 2026-01-16 queued 13800000004
	戊服务投诉 reminder sms 2026-01-16 cancelled 13800000005
	己分期履行 reminder sms 2026-01-16 cancelled 13800000006
	庚分期违约 reminder sms 2026-01-16 queued 13800000007
	辛联系不上 reminder sms 2026-01-16 queued 13800000008
	壬拒交 reminder sms 2026-01-16 queued 13800000009
	癸空置房 reminder email 2026-01-16 cancelled gui@example.com
	丑报修未修 reminder sms 2026-01-16 cancelled 13800000012
	X
'
t "how each case ended" '
	report_cases >cases
	expect_file cases <<-X
	子期初欠费 open lawyer 2026-01-01 - -
	甲准时 closed prenotice 2026-01-08 2026-01-16 paid
	乙电话后缴 closed phone 2026-01-08 2026-01-21 paid
	丙约定履行 closed phone 2026-01-08 2026-01-30 paid
	丁约定未缴 open lawyer 2026-01-08 - -
	戊服务投诉 closed visit 2026-01-08 2026-02-02 paid
	己分期履行 closed visit 2026-01-08 2026-04-02 paid
	庚分期违约 open lawyer 2026-01-08 - -
	辛联系不上 open lawyer 2026-01-08 - -
	壬拒交 open lawsuit 2026-01-08 - -
	癸空置房 closed visit 2026-01-08 2026-01-24 paid
	丑报修未修 closed visit 2026-01-08 2026-02-13 paid
	X
'
t "a vacant unit's owner is visited at work on a weekday" '
	sql "SELECT note FROM task WHERE step = '"'"'visit'"'"' AND case_id = (SELECT k.id FROM dun_case k JOIN party p
	     ON p.id = k.payer_id WHERE p.name = '"'"'癸空置房'"'"')" >note
	expect_file note <<-X
	空置房：工作日到业主工作单位上门（市第一人民医院）
	X
'
t "messages are neutral bill notices (no 催款 wording) with a signed pay link" '
	sql "SELECT text FROM outbox WHERE channel = '"'"'sms'"'"' AND step = '"'"'reminder'"'"'" >texts
	lacks texts 催款
	contains texts "http://127.0.0.1:8080/p/"
	contains texts "【模拟小区】尊敬的丁约定未缴业主：您名下房屋1-1-104的物业服务费等费用¥100.00（最早一笔应缴日期2026-01-15）尚未缴纳"
'
t "the limitation list: the opening arrears end soon, a delivered notice restarted the refuser's" '
	wuye limitation --project SIM --today 2026-12-01 --format json >lim
	expect_eq "$(jq -c "[.[] | [.unit, .period, .ends, .days_left]]" lim)" "[[\"SIM/1-1-111\",\"2024-02\",\"2027-03-01\",90]]"
	wuye limitation --project SIM --today 2026-12-01 --within 1200 --format json >lim
	expect_eq "$(jq -c "[.[] | select(.payer == \"壬拒交\") | [.restarted, .restarted_by, .ends]]" lim)" \
		"[[\"2026-01-21\",\"notice\",\"2029-01-21\"]]"
'
t "no lawsuit without a delivered written notice whose deadline passed" '
	expect_exit 1 wuye legal "$(u 108)" --stage lawsuit --today 2027-05-15 --as fa --lang en 2>err
	contains err "no written notice"
	# the refuser'"'"'s lawsuit step asked for approval
	rid=$(sql "SELECT id FROM request WHERE kind = '"'"'lawsuit'"'"'")
	expect_exit 1 wuye legal "$(u 109)" --stage lawsuit --today 2027-05-15 --as fa --lang en 2>err
	contains err "approved"
	wuye approve $rid --as li --today 2027-05-15
	wuye legal "$(u 109)" --stage lawsuit --cost 500 --note 向区法院起诉 --today 2027-05-16 --as fa >/dev/null
	wuye case "$(u 109)" --today 2027-05-16 --format json >c
	expect_eq "$(jq -r ".state + \" \" + .legal[0].stage + \" \" + (.legal[0].cost_fen | tostring)" c)" "legal lawsuit 50000"
	expect_eq "$(jq -r "[.tasks[] | select(.step == \"lawsuit\") | .state] | join(\",\")" c)" "done"
'
t "a broken promise is in the case's history" '
	wuye case "$(u 104)" --today 2026-02-01 --format json >c
	expect_eq "$(jq -r "[.timeline[] | select(.day == \"2026-01-30\") | .kind + \":\" + .step] | join(\",\")" c)" \
		"promise-broken:promise-followup,step:visit"
	expect_eq "$(jq -r ".promises[0].outcome" c)" "broken"
'
t "a contact with something missing is refused and changes nothing" '
	n=$(sql "SELECT COUNT(*) FROM contact")
	expect_exit 1 wuye contact "$(u 104)" --channel phone --result promised --as zhang 2>err
	expect_exit 1 wuye contact "$(u 104)" --channel visit --result reached --as zhang 2>err
	expect_exit 1 wuye contact "$(u 104)" --channel notice --result reached --note 张贴 --as zhang 2>err
	expect_exit 1 wuye contact "$(u 104)" --channel phone --result reached --reason bored --as zhang 2>err
	expect_exit 1 wuye contact "$(u 104)" --channel fax --result reached --as zhang 2>err
	expect_exit 1 wuye contact "$(u 104)" --channel phone --result promised --promise-date 2020-01-01 --promise-amount 5 --as zhang 2>err
	expect_eq "$(sql "SELECT COUNT(*) FROM contact")" "$n"
'
t "the policy shows as a file that loads back; a bad one is refused line by line" '
	wuye policy show --project SIM >policy.txt
	contains policy.txt "lawsuit"
	wuye policy load policy.txt --project SIM
	wuye policy show --project SIM >again.txt
	cmp policy.txt again.txt
	sed -e "s/^phone  *4 /phone        40 /" -e "s/^message-gap-days .*/message-gap-days xx/" policy.txt >bad.txt
	expect_exit 1 wuye policy load bad.txt --project SIM --lang en 2>err
	contains err "bad.txt: line"
	contains err "must come later"
	contains err "xx"
	sed -e "/^notice /d" policy.txt >nonotice.txt
	expect_exit 1 wuye policy load nonotice.txt --project SIM --lang en 2>err
	contains err "notice"
	wuye policy show --project SIM >still.txt && cmp policy.txt still.txt
'
t "a dry run says what it would do and writes nothing" '
	wuye pay "$(u 101)" 1 --channel cash --today 2027-05-15 >/dev/null
	wuye bill --project SIM --period 2027-06 --today 2027-06-01 >/dev/null
	before=$(sql "SELECT (SELECT COUNT(*) FROM dun_case) || '"'"'/'"'"' || (SELECT COUNT(*) FROM outbox) || '"'"'/'"'"' || (SELECT COUNT(*) FROM task)")
	wuye dun --project SIM --today 2027-06-08 --dry-run --format json >dry
	expect_eq "$(jq .opened dry)" 7
	expect_eq "$(sql "SELECT (SELECT COUNT(*) FROM dun_case) || '"'"'/'"'"' || (SELECT COUNT(*) FROM outbox) || '"'"'/'"'"' || (SELECT COUNT(*) FROM task)")" "$before"
	wuye dun --project SIM --today 2027-06-08 --format json >real
	expect_eq "$(jq -c "[.opened, .messages]" real)" "$(jq -c "[.opened, .messages]" dry)"
'
t "reasons carry the seed's scripts and can be edited" '
	wuye reasons --format json >r
	expect_eq "$(jq -r "[.[].code] | join(\",\")" r)" "fee-too-high,service,stalling,developer,quality,vacant,hardship,unreachable,purpose,refusal,other"
	contains r "前期物业服务合同"
	wuye reasons set stalling --script "先约定缴费日期和金额。"
	expect_eq "$(wuye reasons --format json | jq -r ".[] | select(.code == \"stalling\") | .script")" "先约定缴费日期和金额。"
'
t "tasks: a steward sees his own, a manager all, with the script of the reason on file" '
	wuye tasks --as zhang --today 2026-01-22 --format json >mine
	expect_eq "$(jq -r "[.[].staff] | unique | join(\",\")" mine)" "zhang"
	wuye tasks --as li --today 2027-06-08 --format json >all
	expect_eq "$(jq -r "[.[].staff] | unique | join(\",\")" all)" "fa,li,zhang"
	expect_eq "$(jq -r ".[] | select(.step == \"interview\" and .payer == \"壬拒交\") | .reason" all)" "refusal"
	jq -r ".[] | select(.step == \"interview\" and .payer == \"壬拒交\") | .script" all >s && contains s "书面催缴通知书"
	expect_exit 1 wuye tasks --staff li --as zhang 2>err
'
t "a write-off needs a second person and closes the case" '
	rid=$(wuye writeoff "$(u 108)" --reason 业主失联多年 --today 2027-06-08 --as fa)
	expect_exit 1 wuye approve $rid --as fa 2>err
	wuye approve $rid --as li --today 2027-06-09
	wuye case "$(u 108)" --today 2027-06-09 --format json >c
	expect_eq "$(jq -r ".state + \" \" + (.open_fen | tostring)" c)" "closed 0"
	wuye check >/dev/null
'
t "a payer who pays everything leaves the task list at once, before the next run closes the case" '
	wuye tasks --as li --today 2027-06-09 --format json >before
	id=$(jq -r "[.[] | select(.payer == \"壬拒交\")][0].id" before)
	owed=$(jq -r "[.[] | select(.payer == \"壬拒交\")][0].open_fen" before)
	[ "$owed" -gt 0 ] || fail "壬拒交 owes nothing"
	wuye pay "$(u 109)" "$(echo "$owed" | awk "{printf \"%.2f\", \$1 / 100}")" --channel cash --today 2027-06-09 >/dev/null
	wuye tasks --as li --today 2027-06-09 --format json >after
	expect_eq "$(jq "[.[] | select(.id == $id)] | length" after)" 0
	expect_eq "$(jq "length" after)" "$(($(jq "length" before) - $(jq "[.[] | select(.payer == \"壬拒交\")] | length" before)))"
	expect_eq "$(sql "SELECT state FROM task WHERE id = $id")" open
'
done_testing
