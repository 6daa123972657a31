#!/usr/bin/env bash
# t12-web-office.sh: the office pages of the console over real HTTP: the dashboard's
# figures to the fen, a bill run's preview and run, imports with their row errors, exports
# as real .xlsx, the settings (projects, buildings, fees, ladder, templates, staff,
# channels), who may reach them, CSRF, and hostile input in every field.
. "$(dirname "$0")/lib.sh"
new_db

# A small community: three units, one tariff of ¥1.85/m²/month due on the 15th,
# September and October billed, some paid.
cat >units.csv <<'CSV'
楼栋,单元,房号,建筑面积,状态,业主,电话
1,1,101,89.57,已入住,王伟,13812345678
1,1,102,100.00,已入住,李娜,13987654321
1,1,103,120.00,已入住,张伟,13700001111
CSV
wuye project add HY 华苑小区 >/dev/null
wuye project add QT 其他小区 >/dev/null
wuye import units units.csv --project HY >/dev/null
wuye contract add --project HY --name 物业服务合同 --from 2026-01-01 >/dev/null
wuye tariff add --contract 1 --item 物业费 --basis area --rate 1.85 --due-day 15 >/dev/null
wuye bill --project HY --period 2026-09 --today 2026-09-01 >/dev/null
wuye bill --project HY --period 2026-10 --today 2026-10-01 >/dev/null
wuye pay HY/1-1-101 165.70 --channel cash --today 2026-10-10 >/dev/null
wuye pay HY/1-1-102 370.00 --channel wechat --today 2026-11-05 >/dev/null
wuye pay HY/1-1-103 100.00 --channel cash --today 2026-11-06 >/dev/null
# a payment made in November and reversed counts as never made
rev=$(wuye pay HY/1-1-101 50.00 --channel cash --today 2026-11-07)
wuye reverse "$rev" --reason 录错金额 --today 2026-11-07 >/dev/null

echo "admin-pass-12" | wuye staff add boss 老板 --role admin --password-stdin >/dev/null
echo "li-pass-1234" | wuye staff add li 李经理 --role manager --project HY --password-stdin >/dev/null
echo "zhang-pass-12" | wuye staff add zhang 张楼管 --role steward --project HY --buildings 1 --password-stdin >/dev/null
echo "cai-pass-1234" | wuye staff add cai 蔡收银 --role cashier --project HY --password-stdin >/dev/null

start_server SRV --today 2026-11-20 --fixed-today
url="http://127.0.0.1:$SRV"
web_login "$url" boss admin-pass-12 boss >/dev/null
web_login "$url" li li-pass-1234 li >/dev/null
web_login "$url" zhang zhang-pass-12 zhang >/dev/null
web_login "$url" cai cai-pass-1234 cai >/dev/null
CSRF_boss=$(web_csrf "$url" boss)
CSRF_li=$(web_csrf "$url" li)
CSRF_cai=$(web_csrf "$url" cai)
CSRF_zhang=$(web_csrf "$url" zhang)

# get JAR PATH: the page into "page", the status printed
get() { curl -s -o page -w '%{http_code}' -b "$1" "$url$2"; }
# post JAR PATH ARGS...: urlencoded fields (name=value, encoded here) with the session's
# CSRF token; the answer into "page", the status (and redirect) printed
post() {
	local jar=$1 path=$2 csrf_var="CSRF_$1" a args=()
	shift 2
	for a in "$@"; do args+=(--data-urlencode "$a"); done
	curl -s -o page -w '%{http_code}' -b "$jar" --data-urlencode "csrf=${!csrf_var}" "${args[@]}" "$url$path"
}
# upload JAR PATH FIELD FILE ARGS...: multipart, with the CSRF token; prints the status
# and keeps the redirect in "loc"
upload() {
	local jar=$1 path=$2 field=$3 file=$4 csrf_var="CSRF_$1" a args=()
	shift 4
	for a in "$@"; do args+=(-F "$a"); done
	curl -s -o page -w '%{http_code} %{redirect_url}' -b "$jar" -F "csrf=${!csrf_var}" -F "$field=@$file" "${args[@]}" \
		"$url$path" >status
	sed 's/^[0-9]* //' status >loc
	cut -d" " -f1 status
}
# wait_page JAR PATH TEXT: polls the page until it holds TEXT (the job thread's work)
wait_page() {
	local i
	for i in $(seq 1 150); do
		curl -s -o page -b "$1" "$url$2"
		grep -qF -- "$3" page && return 0
		sleep 0.1
	done
	cat page >&2
	fail "no [$3] on $2"
}
# the text of an element with this id
by_id() { sed -n "s/.*id=\"$1\"[^>]*>\([^<]*\)<.*/\1/p" page | head -1; }

t "a bill run's preview lists each bill to the fen, and writes nothing" '
	expect_eq "$(get li "/bills?project=HY&period=2026-11&preview=1")" 200
	contains page "HY/1-1-101"
	contains page "89.57㎡ × ¥1.85/㎡/月 = ¥165.70"
	contains page "¥185.00"
	contains page "¥222.00"
	expect_eq "$(by_id preview-total)" "¥572.70"
	expect_eq "$(sql "SELECT COUNT(*) FROM bill WHERE period = '"'"'2026-11'"'"'")" 0
'

t "the run posts them on the job thread; the books balance; running it again adds nothing" '
	code=$(curl -s -o /dev/null -w "%{http_code} %{redirect_url}" -b li --data-urlencode "csrf=$CSRF_li" \
		-d project=HY -d period=2026-11 "$url/bills/run")
	case "$code" in "303 $url/bills?project=HY&period=2026-11&job="*) ;; *) fail "got $code" ;; esac
	job=${code##*job=}
	wait_page li "/jobs/$job" "run-result"
	contains page "¥572.70"
	expect_eq "$(sql "SELECT COUNT(*), SUM(amount_fen) FROM bill WHERE period = '"'"'2026-11'"'"'")" "3|57270"
	wuye check >/dev/null
	code=$(curl -s -o /dev/null -w "%{redirect_url}" -b li --data-urlencode "csrf=$CSRF_li" -d project=HY \
		-d period=2026-11 "$url/bills/run")
	wait_page li "/jobs/${code##*job=}" "run-result"
	contains page "2026-11"
	expect_eq "$(sql "SELECT COUNT(*) FROM bill WHERE period = '"'"'2026-11'"'"'")" 3
	wuye check >/dev/null
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '"'"'bill.run'"'"' AND origin LIKE '"'"'web %'"'"'")" 2
	expect_eq "$(get li "/bills?project=HY")" 200
	contains page "<td>2026-11</td><td>2026-11-20</td><td>李经理</td><td class=\"num\">3</td><td class=\"num\">¥572.70</td>"
'

t "a bad month is refused next to the field" '
	expect_eq "$(get li "/bills?project=HY&period=2026-13&preview=1")" 400
	contains page "id=\"err-period\""
	expect_eq "$(post li /bills/run project=HY period=bogus)" 400
	contains page "id=\"err-period\""
'

t "the dashboard: billed and collected this month, arrears by age, to the fen" '
	expect_eq "$(get li "/?project=HY")" 200
	# November bills 165.70 + 185.00 + 222.00; November payments 370.00 + 100.00 (the 50.00 reversed)
	expect_eq "$(by_id billed)" "¥572.70"
	expect_eq "$(by_id collected)" "¥470.00"
	# overdue on 11-20: September 122.00 (103) and October 165.70 + 222.00 are 31-90 days,
	# November (due 11-15) 1-30 days
	expect_eq "$(by_id overdue)" "¥1,082.40"
	grep -q "<tr data-bucket=\"1-30\"><td>[^<]*</td><td class=\"num\">¥572.70</td>" page
	grep -q "<tr data-bucket=\"31-90\"><td>[^<]*</td><td class=\"num\">¥509.70</td>" page
	grep -q "<tr data-bucket=\"91-180\"><td>[^<]*</td><td class=\"num\">¥0.00</td>" page
	# the chart is data for app.js, not a script: the amounts are in its attribute
	chart=$(sed -n "s/.*data-chart=\"\([^\"]*\)\".*/\1/p" page | sed "s/&quot;/\"/g")
	expect_eq "$(printf "%s" "$chart" | jq -c ".series[0].data")" "[572.7,509.7,0,0,0,0,0]"
	expect_eq "$(printf "%s" "$chart" | jq ".xAxis.data | length")" 7
	lacks page "<script>"
'

t "the whole company's dashboard leaves the rates to one project at a time (and to 报表)" '
	expect_eq "$(get boss "/")" 200
	contains page "class=\"rates\""
	contains page "href=\"/?project=HY\""
	lacks page "id=\"rate-amount\""
	expect_eq "$(get boss "/?project=HY")" 200
	contains page "id=\"rate-amount\""
'

t "the dashboard agrees with wuye arrears" '
	wuye arrears --project HY --today 2026-11-20 --format json >arr
	expect_eq "$(jq "[.[].overdue_fen] | add" arr)" 108240
	expect_eq "$(jq "[.[].buckets[\"31-90\"]] | add" arr)" 50970
'

t "several projects: the total and each project" '
	wuye import units "$FIX/units_utf8.csv" --project QT >/dev/null
	expect_eq "$(get boss /)" 200
	contains page "data-project=\"HY\""
	contains page "data-project=\"QT\""
	expect_eq "$(by_id billed)" "¥572.70"
	grep -q "<tr data-project=\"QT\">.*<td class=\"num\">¥0.00</td><td class=\"num\">¥0.00</td><td class=\"num\">¥0.00</td></tr>" page
	expect_eq "$(get boss "/?project=QT")" 200
	expect_eq "$(by_id billed)" "¥0.00"
	lacks page "data-project="
'

t "the dashboard counts the staff member's tasks of today" '
	for d in 17 18 19 20; do wuye dun --project HY --today 2026-11-$d >/dev/null; done
	n=$(wuye tasks --staff zhang --today 2026-11-20 --format json | jq length)
	expect_eq "$(get zhang /)" 200
	expect_eq "$(by_id tasks-count)" "$n"
	[ "$n" -eq 0 ] || contains page "href=\"/tasks\""
'

cat >bad.csv <<'CSV'
楼栋,单元,房号,建筑面积,状态,业主,电话
2,1,201,90.00,已入住,赵六,13811112222
2,1,202,90.00,已入住,钱七,12345
2,1,203,abc,已入住,孙八,13811113333
CSV
cat >good.csv <<'CSV'
楼栋,单元,房号,建筑面积,状态,业主,电话
2,1,201,90.00,已入住,赵六,13811112222
2,1,202,95.50,空置,钱七,13811114444
CSV

t "an import with errors shows each as the CLI words it, and writes nothing" '
	before=$(sql "SELECT COUNT(*) FROM unit")
	expect_eq "$(upload li /imports/units file_units bad.csv project=HY)" 303
	expect_eq "$(get li "$(sed "s|^$url||" loc)")" 200
	wuye import units bad.csv --project HY --dry-run 2>cli.err && fail "the CLI took it"
	sed -n "s/^wuye: //p" cli.err | sed "s/'"'"'/\&#39;/g" >want
	expect_eq "$(wc -l <want)" 2
	while read -r line; do contains page "<li>$line</li>"; done <want
	contains page "row 3, column 电话"
	contains page "row 4, column 建筑面积"
	lacks page "/imports/units/confirm"
	expect_eq "$(sql "SELECT COUNT(*) FROM unit")" "$before"
'

t "a clean file is checked, then imported when confirmed" '
	before=$(sql "SELECT COUNT(*) FROM unit")
	expect_eq "$(upload li /imports/units file_units good.csv project=HY)" 303
	get li "$(sed "s|^$url||" loc)" >/dev/null
	contains page "good.csv"
	contains page "/imports/units/confirm"
	expect_eq "$(sql "SELECT COUNT(*) FROM unit")" "$before"
	token=$(sed -n "s/.*upload=\([0-9a-f]*\).*/\1/p" loc)
	expect_eq "$(post li /imports/units/confirm project=HY upload=$token)" 303
	expect_eq "$(sql "SELECT COUNT(*) FROM unit")" $((before + 2))
	expect_eq "$(wuye units --project HY --format json | jq -r ".[] | select(.unit == \"HY/2-1-202\") | .area_m2")" 95.50
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '"'"'units.import'"'"' AND detail = '"'"'good.csv'"'"'")" 1
	# confirming it again imports nothing twice
	expect_eq "$(post li /imports/units/confirm project=HY upload=$token)" 303
	expect_eq "$(sql "SELECT COUNT(*) FROM unit")" $((before + 2))
'

t "a GBK file from Excel imports too" '
	expect_eq "$(upload boss /imports/units file_units "$FIX/units_gbk.csv" project=QT)" 303
	get boss "$(sed "s|^$url||" loc)" >/dev/null
	token=$(sed -n "s/.*upload=\([0-9a-f]*\).*/\1/p" loc)
	expect_eq "$(post boss /imports/units/confirm project=QT upload=$token)" 303
	wuye units --project QT --format json | jq -r ".[].owners[].name" | grep -qx 陈静
'

t "opening arrears and payment files: checked, then imported" '
	cat >arrears.csv <<-CSV
	楼栋,单元,房号,收费项目,所属期间,金额,应缴日期
	2,1,201,物业费,2025-01~2025-12,1200.00,2025-01-15
	CSV
	expect_eq "$(upload li /imports/arrears file_arrears arrears.csv project=HY)" 303
	get li "$(sed "s|^$url||" loc)" >/dev/null
	contains page "¥1,200.00"
	token=$(sed -n "s/.*upload=\([0-9a-f]*\).*/\1/p" loc)
	expect_eq "$(post li /imports/arrears/confirm project=HY upload=$token)" 303
	expect_eq "$(sql "SELECT SUM(amount_fen) FROM bill WHERE kind = '"'"'opening'"'"'")" 120000
	cat >pay.csv <<-CSV
	楼栋,单元,房号,金额,流水号
	2,1,201,200.00,BANK-0001
	2,1,299,10.00,BANK-0002
	CSV
	# a cashier may import payments (as the CLI); a bad row stops the whole file
	expect_eq "$(upload cai /imports/payments file_payments pay.csv project=HY channel=autodebit)" 303
	get cai "$(sed "s|^$url||" loc)" >/dev/null
	contains page "row 3, column 房号"
	expect_eq "$(sql "SELECT COUNT(*) FROM payment WHERE ref LIKE '"'"'BANK-%'"'"'")" 0
	sed -i "/BANK-0002/d" pay.csv
	expect_eq "$(upload cai /imports/payments file_payments pay.csv project=HY channel=autodebit)" 303
	token=$(sed -n "s/.*upload=\([0-9a-f]*\).*/\1/p" loc)
	expect_eq "$(post cai /imports/payments/confirm project=HY upload=$token)" 303
	expect_eq "$(sql "SELECT channel, amount_fen FROM payment WHERE ref = '"'"'BANK-0001'"'"'")" "autodebit|20000"
	wuye check >/dev/null
	# but not the unit register
	expect_eq "$(upload cai /imports/units file_units good.csv project=HY)" 403
'

t "an export is a real .xlsx with the units, and it is audited" '
	code=$(curl -s -o units.xlsx -w "%{http_code} %{content_type}" -b li --data-urlencode "csrf=$CSRF_li" -d project=HY \
		"$url/exports/units")
	expect_eq "$code" "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	unzip -p units.xlsx xl/sharedStrings.xml >strings
	contains strings "王伟"
	contains strings "13812345678"
	contains strings "<t>楼栋</t>"
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '"'"'units.export'"'"' AND subject = '"'"'HY'"'"'")" 1
	# the headers are the import'"'"'s: it reads back as a register
	wuye project add EX 导出检验 >/dev/null
	wuye import units units.xlsx --project EX --dry-run >/dev/null
	code=$(curl -s -o arrears.xlsx -w "%{http_code}" -b li --data-urlencode "csrf=$CSRF_li" -d project=HY "$url/exports/arrears")
	expect_eq "$code" 200
	unzip -p arrears.xlsx xl/sharedStrings.xml >strings
	contains strings "张伟"
	contains strings "HY/1-1-103"
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '"'"'arrears.export'"'"'")" 1
'

t "a large file is checked and imported on the job thread" '
	{ echo "楼栋,单元,房号,建筑面积,状态,业主,电话"
	  for i in $(seq 1 7000); do printf "9,%d,%d,88.50,已入住,业主%d,138%08d\n" $((i / 1000 + 1)) "$i" "$i" "$i"; done
	} >big.csv
	[ "$(wc -c <big.csv)" -gt 262144 ]
	expect_eq "$(upload li /imports/units file_units big.csv project=HY)" 303
	path=$(sed "s|^$url||" loc)
	token=$(sed -n "s/.*upload=\([0-9a-f]*\).*/\1/p" loc)
	wait_page li "$path" "state-valid"
	expect_eq "$(post li /imports/units/confirm project=HY upload=$token)" 303
	wait_page li "$path" "state-imported"
	expect_eq "$(sql "SELECT COUNT(*) FROM unit u JOIN building b ON b.id = u.building_id WHERE b.code = '"'"'9'"'"'")" 7000
	# a large project'"'"'s export is made on the job thread and downloaded from the job
	code=$(curl -s -o /dev/null -w "%{http_code} %{redirect_url}" -b li --data-urlencode "csrf=$CSRF_li" -d project=HY \
		"$url/exports/units")
	case "$code" in "303 $url/exports?project=HY&job="*) ;; *) fail "got $code" ;; esac
	job=${code##*job=}
	wait_page li "/jobs/$job" "/jobs/$job/file"
	expect_eq "$(curl -s -o big.xlsx -w "%{http_code}" -b li "$url/jobs/$job/file")" 200
	unzip -p big.xlsx xl/sharedStrings.xml | grep -q "业主7000"
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '"'"'units.export'"'"' AND subject = '"'"'HY'"'"'")" 2
'

t "a template naming an unknown variable is refused, the message next to the text" '
	expect_eq "$(post li /settings/templates project=HY step=reminder channel=sms "body=尊敬的{nmae}：您的物业费{amount}请于{due}前缴纳")" 400
	grep -q "<textarea name=\"body\" aria-invalid=\"true\" aria-describedby=\"err-body\"[^>]*>尊敬的{nmae}" page
	grep -q "id=\"err-body\" role=\"alert\">[^<]*{nmae}" page
	expect_eq "$(sql "SELECT COUNT(*) FROM message_template")" 0
	expect_eq "$(post li /settings/templates project=HY step=reminder channel=sms "body=尊敬的{name}：您的物业费{amount}请于{due}前缴纳" vendor_template=SMS_1234)" 303
	wuye template show reminder sms --project HY >shown
	contains shown "尊敬的{name}：您的物业费{amount}请于{due}前缴纳"
	expect_eq "$(post li /settings/templates/reset project=HY step=reminder channel=sms)" 303
	expect_eq "$(sql "SELECT COUNT(*) FROM message_template")" 0
'

t "a ladder with a bad line shows the line's error and keeps the text" '
	wuye policy show --project HY >policy.txt
	sed "s/^phone           4 /phone           x /" policy.txt >bad-policy.txt
	expect_eq "$(post li /settings/policy project=HY "policy=$(cat bad-policy.txt)")" 400
	wuye policy load bad-policy.txt --project HY 2>cli.err && fail "the CLI took it"
	line=$(sed -n "s/^wuye: bad-policy.txt: //p" cli.err | head -1)
	contains page "<li>$(printf "%s" "$line" | sed "s/&/\&amp;/g; s/\"/\&quot;/g")</li>"
	contains page "phone           x"
	expect_eq "$(sql "SELECT COUNT(*) FROM collection_policy")" 0
	sed "s/^visit           7 /visit           9 /" policy.txt >good-policy.txt
	expect_eq "$(post li /settings/policy project=HY "policy=$(cat good-policy.txt)")" 303
	wuye policy show --project HY | grep -q "^visit           9 "
'

t "a new staff member added in the console can log in; a deactivated one cannot" '
	expect_eq "$(post li /settings/staff project=HY login=wu "name=吴楼管" role=steward projects=HY buildings=1 password=wu-pass-123)" 303
	expect_eq "$(web_login "$url" wu wu-pass-123 wu)" 303
	expect_eq "$(get wu /)" 200
	wuye staff list --project HY >list
	grep -q "^wu .*HY/1" list
	# a manager may not make an administrator
	expect_eq "$(post li /settings/staff project=HY login=boss2 name=x role=admin projects=HY password=whatever-123)" 400
	contains page "id=\"err-role\""
	# a short password is refused next to its field, the other fields kept
	expect_eq "$(post li /settings/staff project=HY login=zhao name=赵六 role=steward projects=HY password=short)" 400
	contains page "id=\"err-password\""
	contains page "value=\"赵六\""
	id=$(sql "SELECT id FROM staff WHERE login = '"'"'wu'"'"'")
	expect_eq "$(post li /settings/staff/$id/deactivate project=HY)" 303
	expect_eq "$(get wu /)" 303
	expect_eq "$(web_login "$url" wu wu-pass-123 wu2)" 401
	# nobody deactivates themselves, and a manager no administrator
	me=$(sql "SELECT id FROM staff WHERE login = '"'"'li'"'"'")
	expect_eq "$(post li /settings/staff/$me/deactivate project=HY)" 403
	admin=$(sql "SELECT id FROM staff WHERE login = '"'"'boss'"'"'")
	expect_eq "$(post li /settings/staff/$admin/deactivate project=HY)" 403
	expect_eq "$(sql "SELECT active FROM staff WHERE login = '"'"'boss'"'"'")" 1
'

t "projects, buildings, stewards, fee items, contracts and tariffs" '
	expect_eq "$(post boss /settings/project project=HY "name=华苑小区" "address=幸福路1号" "office_phone=0755-8888 6666" billing_day=5)" 303
	expect_eq "$(sql "SELECT office_phone, billing_day FROM project WHERE code = '"'"'HY'"'"'")" "0755-8888 6666|5"
	expect_eq "$(post boss /settings/project project=HY "name=华苑小区" billing_day=31)" 400
	contains page "id=\"err-billing_day\""
	expect_eq "$(post boss /settings/project project=HY "name=华苑小区" billing_day=5 office_phone=call-me)" 400
	contains page "id=\"err-office_phone\""
	expect_eq "$(post boss /settings/projects new_code=NW "new_name=新项目")" 303
	expect_eq "$(sql "SELECT name FROM project WHERE code = '"'"'NW'"'"'")" 新项目
	expect_eq "$(post boss /settings/projects new_code=NW "new_name=again")" 400
	contains page "id=\"err-new_code\""
	# a manager sees the project but changes nothing of it
	expect_eq "$(post li /settings/project project=HY name=x billing_day=1)" 403
	expect_eq "$(post li /settings/buildings project=HY code=7 "building_name=七号楼")" 303
	expect_eq "$(post li /settings/buildings project=HY code=7)" 400
	contains page "id=\"err-code\""
	expect_eq "$(post li /settings/stewards project=HY login=zhang buildings=7 from=2026-11-20)" 303
	expect_eq "$(sql "SELECT COUNT(*) FROM staff_building sb JOIN building b ON b.id = sb.building_id WHERE b.code = '"'"'7'"'"'")" 1
	expect_eq "$(post li /settings/stewards project=HY login=zhang buildings=99 from=2026-11-20)" 400
	contains page "id=\"err-buildings\""
	expect_eq "$(post li /settings/items project=HY item_name=停车管理费 item_kind=parking tax_rate=9)" 303
	expect_eq "$(sql "SELECT kind, tax_rate_bp FROM fee_item WHERE name = '"'"'停车管理费'"'"'")" "parking|900"
	expect_eq "$(post li /settings/contracts project=HY contract_name=新合同 from=2027-01-01 late_daily=0.0003 late_grace_days=10 late_cap_pct=50)" 303
	cid=$(sql "SELECT id FROM contract WHERE name = '"'"'新合同'"'"'")
	expect_eq "$(post li /settings/tariffs project=HY contract=$cid tariff_item=物业费 basis=area rate=2.05 cycle=month due_day=15 vacant_pct=100)" 303
	expect_eq "$(sql "SELECT rate FROM tariff WHERE contract_id = $cid")" 20500
	expect_eq "$(post li /settings/tariffs project=HY contract=$cid tariff_item=停车管理费 basis=unit rate=abc cycle=month)" 400
	contains page "id=\"err-rate\""
	expect_eq "$(post li /settings/contracts project=HY contract_name=x from=2027-02-01 to=2027-01-01)" 400
	contains page "id=\"err-to\""
	# another project'"'"'s contract is not this one'"'"'s
	expect_eq "$(post li /settings/tariffs project=HY contract=999 tariff_item=x basis=unit rate=1 cycle=month)" 400
	contains page "id=\"err-contract\""
	expect_eq "$(get li "/settings/fees?project=HY")" 200
	contains page "2.05"
'

t "channels: checked by opening them, secrets shown as ****, kept when left so" '
	expect_eq "$(post boss /settings/channels project=HY channel=email vendor=smtp "settings={\"url\":\"smtp://127.0.0.1:2525\",\"username\":\"u\",\"password\":\"s3cret-pw\",\"from\":\"wy@example.com\",\"from_name\":\"物业\"}")" 303
	expect_eq "$(get boss "/settings/channels?project=HY")" 200
	contains page "****"
	lacks page "s3cret-pw"
	expect_eq "$(get boss "/settings/channels?project=HY&channel=email")" 200
	lacks page "s3cret-pw"
	# saved again with **** as shown: the secret stays
	expect_eq "$(post boss /settings/channels project=HY channel=email vendor=smtp "settings={\"url\":\"smtp://127.0.0.1:2526\",\"username\":\"u\",\"password\":\"****\",\"from\":\"wy@example.com\"}")" 303
	sql "SELECT settings FROM channel_config WHERE channel = '"'"'email'"'"'" | grep -q "s3cret-pw"
	sql "SELECT settings FROM channel_config WHERE channel = '"'"'email'"'"'" | grep -q "2526"
	expect_eq "$(post boss /settings/channels project=HY channel=sms vendor=smtp "settings={}")" 400
	contains page "id=\"err-vendor\""
	expect_eq "$(post boss /settings/channels project=HY channel=sms vendor=aliyun "settings={\"access_key_id\":\"x\"}")" 400
	contains page "id=\"err-settings\""
	expect_eq "$(post boss /settings/channels project=HY channel=sms vendor=aliyun "settings={not json")" 400
	contains page "id=\"err-settings\""
	# a manager sees them masked, and may not set them
	expect_eq "$(get li "/settings/channels?project=HY")" 200
	contains page "****"
	expect_eq "$(post li /settings/channels project=HY channel=email vendor=smtp "settings={}")" 403
	expect_eq "$(post boss /settings/channels/remove project=HY channel=email)" 303
	expect_eq "$(sql "SELECT COUNT(*) FROM channel_config")" 0
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action LIKE '"'"'channel.%'"'"' AND detail LIKE '"'"'%s3cret%'"'"'")" 0
'

t "who may reach what: a steward not the office pages, a cashier only imports" '
	for p in /settings /settings/staff /settings/policy /bills /imports; do
		expect_eq "$(get zhang "$p?project=HY")" 403
	done
	expect_eq "$(get zhang "/exports?project=HY")" 200
	for p in /settings /bills /exports; do expect_eq "$(get cai "$p?project=HY")" 403; done
	expect_eq "$(get cai "/imports?project=HY")" 200
	lacks page "action=\"/imports/units\""
	expect_eq "$(post cai /exports/units project=HY)" 403
	expect_eq "$(post zhang /settings/staff project=HY login=x name=x role=steward password=whatever-12)" 403
	# a project the manager does not work on
	expect_eq "$(get li "/settings?project=QT")" 403
	expect_eq "$(post li /bills/run project=QT period=2026-12)" 403
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" "$url/settings")" 303
'

t "every POST without the session's CSRF token is refused" '
	for p in /bills/run /imports/units /imports/units/confirm /imports/arrears /imports/payments /exports/units \
		 /exports/arrears /settings/project /settings/projects /settings/buildings /settings/stewards \
		 /settings/items /settings/contracts /settings/tariffs /settings/policy /settings/templates \
		 /settings/templates/reset /settings/staff /settings/staff/1/deactivate /settings/channels \
		 /settings/channels/remove; do
		expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b boss -d project=HY "$url$p")" 403
		expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b boss -d project=HY -d csrf=0123 "$url$p")" 403
	done
'

# hostile POST JAR PATH FIELD OTHER-FIELDS...: each hostile value in FIELD is refused
# (4xx, nothing stored) or stored as given and shown escaped on the section's page
long=$(printf "长%.0s" $(seq 1 300))
hostile() {
	local jar=$1 path=$2 field=$3 v code
	shift 3
	for v in "<script>alert(1)</script>" "x'); DROP TABLE unit; --" "$long"; do
		code=$(post "$jar" "$path" "$field=$v" "$@")
		case "$code" in 303|400) ;; *) fail "$path $field: $code" ;; esac
		grep -q "<script>alert" page && fail "$path $field: a script tag came back unescaped"
		[ "$code" = 400 ] && ! grep -q "field-error" page && fail "$path $field: refused without saying why"
	done
	# invalid UTF-8 (an overlong /) is refused, never written into a page
	code=$(curl -s -o page -w "%{http_code}" -b "$jar" --data-urlencode "csrf=$(eval echo \$CSRF_$jar)" \
		-d "$field=%C0%AF" $(for a in "$@"; do printf -- "--data-urlencode %s " "$a"; done) "$url$path")
	case "$code" in 400|403|404) ;; *) fail "$path $field (invalid UTF-8): $code" ;; esac
	if LC_ALL=C grep -q $'\xc0\xaf' page; then fail "$path $field: invalid UTF-8 came back"; fi
	return 0
}

t "hostile input in every field is refused or stored and shown escaped" '
	hostile boss /settings/project name project=HY billing_day=5
	hostile boss /settings/project address project=HY name=华苑小区 billing_day=5
	hostile boss /settings/project office_phone project=HY name=华苑小区 billing_day=5
	hostile boss /settings/project billing_day project=HY name=华苑小区
	hostile boss /settings/projects new_code new_name=x
	hostile boss /settings/projects new_name new_code=ZZ1
	hostile li /settings/buildings code project=HY
	hostile li /settings/buildings building_name project=HY code=B1
	hostile li /settings/stewards login project=HY buildings=1 from=2026-11-20
	hostile li /settings/stewards buildings project=HY login=zhang from=2026-11-20
	hostile li /settings/stewards from project=HY login=zhang buildings=1
	hostile li /settings/items item_name project=HY item_kind=other tax_rate=6
	hostile li /settings/items item_kind project=HY item_name=x tax_rate=6
	hostile li /settings/items tax_rate project=HY item_name=y item_kind=other
	hostile li /settings/contracts contract_name project=HY from=2028-01-01
	hostile li /settings/contracts from project=HY contract_name=c
	hostile li /settings/contracts to project=HY contract_name=c from=2028-03-01
	hostile li /settings/contracts late_daily project=HY contract_name=c from=2028-04-01
	hostile li /settings/contracts late_grace_days project=HY contract_name=c from=2028-05-01
	hostile li /settings/contracts late_cap_pct project=HY contract_name=c from=2028-06-01
	cid=$(sql "SELECT MAX(id) FROM contract")
	hostile li /settings/tariffs tariff_item project=HY contract=$cid basis=unit rate=1 cycle=month
	hostile li /settings/tariffs contract project=HY tariff_item=t basis=unit rate=1 cycle=month
	hostile li /settings/tariffs basis project=HY contract=$cid tariff_item=t2 rate=1 cycle=month
	hostile li /settings/tariffs rate project=HY contract=$cid tariff_item=t3 basis=unit cycle=month
	hostile li /settings/tariffs cycle project=HY contract=$cid tariff_item=t4 basis=unit rate=1
	hostile li /settings/tariffs due_day project=HY contract=$cid tariff_item=t5 basis=unit rate=1 cycle=month
	hostile li /settings/tariffs vacant_pct project=HY contract=$cid tariff_item=t6 basis=unit rate=1 cycle=month
	hostile li /settings/tariffs unit_type project=HY contract=$cid tariff_item=t7 basis=unit rate=1 cycle=month
	hostile li /settings/policy policy project=HY
	hostile li /settings/templates body project=HY step=reminder channel=sms
	hostile li /settings/templates subject project=HY step=reminder channel=email body=x
	hostile li /settings/templates vendor_template project=HY step=reminder channel=sms body=x
	hostile li /settings/staff login project=HY name=x role=steward projects=HY password=hostile-pass-1
	hostile li /settings/staff name project=HY login=h1 role=steward projects=HY password=hostile-pass-1
	hostile li /settings/staff role project=HY login=h2 name=x projects=HY password=hostile-pass-1
	hostile li /settings/staff buildings project=HY login=h3 name=x role=steward projects=HY password=hostile-pass-1
	hostile li /settings/staff group project=HY login=h4 name=x role=steward projects=HY password=hostile-pass-1
	hostile boss /settings/channels settings project=HY channel=email vendor=smtp
	hostile boss /settings/channels vendor project=HY channel=email "settings={}"
	hostile li /bills/run period project=HY
	# what was stored comes back escaped on its page; the SQL was only ever text
	sql "SELECT COUNT(*) FROM unit" >/dev/null
	for p in /settings /settings/buildings /settings/fees /settings/staff /settings/templates /settings/policy /; do
		expect_eq "$(get boss "$p?project=HY")" 200
		lacks page "<script>alert"
	done
	get li "/settings/buildings?project=HY" >/dev/null
	if grep -q "B1" page; then contains page "&lt;script&gt;alert(1)&lt;/script&gt;"; fi
	wuye check >/dev/null
'

t "a hostile file name and file contents come back escaped" '
	printf "楼栋,单元,房号,建筑面积,状态,业主,电话\n3,1,<script>alert(1)</script>,90,已入住,x,13800001234\n" >"evil<script>.csv"
	expect_eq "$(upload li /imports/units file_units "evil<script>.csv" project=HY)" 303
	get li "$(sed "s|^$url||" loc)" >/dev/null
	lacks page "<script>alert"
	contains page "evil&lt;script&gt;.csv"
'

# (t09-server checks the graceful stop)
stop_server SRV

done_testing
