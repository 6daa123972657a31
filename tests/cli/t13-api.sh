#!/usr/bin/env bash
# t13-api.sh: the JSON API under /api/v1 against the real server, with curl and jq:
# every path and method of docs/api.yaml exercised (and checked to be every /api/v1
# route of src/web/routes.c), the answers compared with the CLI's JSON and asserted to
# the fen, a payment posted once per ref, and the refusals: 401 without a token, 403 for
# a role or a project out of scope, 400 naming the field of a bad body, 409, 413.
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$TEST_DIR/../.." && pwd)
new_db

TODAY=2026-06-20
wuye project add HY 华苑小区 >/dev/null
wuye project add QT 其他小区 >/dev/null
wuye import units "$FIX/units_utf8.csv" --project HY >/dev/null
printf '楼栋,单元,房号,面积,状态,业主,电话\n1,1,101,80,已入住,赵六,13700000001\n' >qt.csv
wuye import units qt.csv --project QT >/dev/null
wuye contract add --project HY --name 物业服务合同 --from 2020-01-01 --late-daily 0.0003 >/dev/null
wuye tariff add --contract 1 --item 物业费 --basis area --rate 1.85 --due-day 15 >/dev/null
wuye bill --project HY --period 2026-05 --today 2026-05-01 >/dev/null
wuye bill --project HY --period 2026-06 --today 2026-06-01 >/dev/null
wuye staff add li 李经理 --role manager --project HY >/dev/null
echo "wang-pass-12" | wuye staff add wang 王收银 --role cashier --project HY --password-stdin >/dev/null
wuye staff add zhang 张楼管 --role steward --project HY --buildings 3,12 >/dev/null
wuye staff add wei 魏委员 --role committee --project HY >/dev/null
wuye staff add xiu 修师傅 --role maintenance --project HY >/dev/null
wuye staff add zhao 赵收银 --role cashier --project QT >/dev/null
wuye staff add qin 秦楼管 --role steward --project QT >/dev/null
# the daily run from before the first bill's due date: cases, messages, staff tasks
day=2026-05-08
while [ "$day" != 2026-06-21 ]; do
	wuye dun --project HY --today "$day" >/dev/null
	day=$(date -d "$day + 1 day" +%F)
done
for who in admin li wang zhang wei xiu zhao qin; do
	printf -v "tok_$who" '%s' "$(wuye token add "$who" --name "t13 $who")"
done

start_server SRV --today "$TODAY" --fixed-today
url="http://127.0.0.1:$SRV"
unit_id() { sql "SELECT u.id FROM unit u JOIN building b ON b.id = u.building_id WHERE b.code || '-' || u.entrance || '-' || u.room = '$1'"; }
U1201=$(unit_id 3-2-1201) U1202=$(unit_id 3-2-1202) U0301=$(unit_id 12--0301) UQT=$(unit_id 1-1-101)
CASE1201=$(wuye case HY/3-2-1201 --today "$TODAY" --format json | jq .id)

# api METHOD TEMPLATE PATH WHO [curl options…]: calls the API as WHO's token (none when
# WHO is -), the answer's body in ./out; prints the status; logs TEMPLATE as exercised.
api() {
	local method=$1 template=$2 path=$3 who=$4 tok
	shift 4
	echo "$method $template" >>"$SCRATCH/exercised"
	if [ "$who" = - ]; then
		curl -s -o out -w '%{http_code}' -X "$method" "$@" "$url$path"
	else
		tok="tok_$who"
		curl -s -o out -w '%{http_code}' -X "$method" -H "Authorization: Bearer ${!tok}" "$@" "$url$path"
	fi
}
# post TEMPLATE PATH WHO JSON: a POST of a JSON body
post() { api POST "$1" "$2" "$3" -H 'Content-Type: application/json' --data-binary "$4"; }
# expect_field STATUS FIELD: the last answer was that status and named that field
expect_field() { expect_eq "$(jq -r '"\(.status) \(.field)"' out)" "$1 $2"; }

# the documented paths and methods ("GET /api/v1/units"), from docs/api.yaml
documented() {
	awk '/^  \/api\/v1[^ ]*:$/ { p = $1; sub(/:$/, "", p) }
	     /^    (get|post|put|patch|delete):$/ { m = $1; sub(/:$/, "", m); print toupper(m), p }' "$SRC/docs/api.yaml" | sort
}
# the /api/v1 routes of the table in src/web/routes.c
routed() {
	sed -n 's/^[[:space:]]*{ "\([A-Z]*\)", "\(\/api\/v1[^"]*\)".*/\1 \2/p' "$SRC/src/web/routes.c" | sort
}

t "docs/api.yaml documents exactly the /api/v1 routes of src/web/routes.c" '
	documented >doc
	routed >routes
	[ "$(wc -l <doc)" -ge 9 ] || fail "docs/api.yaml lists only $(wc -l <doc) operations"
	diff -u routes doc || fail "routes.c and docs/api.yaml disagree (lines with - are routed but not documented)"
'

t "without a token, or with a wrong one, every path answers 401 in JSON" '
	documented | while read -r method template; do
		path=$(echo "$template" | sed "s/{id}/1/")
		expect_eq "$(api "$method" "$template" "$path" - -H "Content-Type: application/json" -d "{}" -D h)" 401
		expect_eq "$(jq -r .status out)" 401
		grep -qi "^www-authenticate: Bearer" h || fail "no WWW-Authenticate on $method $path"
		expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -X "$method" -H "Authorization: Bearer $(printf "%064d" 7)" "$url$path")" 401
	done
	expect_eq "$(curl -s -o out -w "%{http_code}" -H "Authorization: Bearer $tok_admin" "$url/api/v1/nothing")" 404
	expect_eq "$(jq -r .status out)" 404
'

t "units: found by room, owner, mobile or landline, a page at a time" '
	expect_eq "$(api GET /api/v1/units "/api/v1/units?project=HY" admin)" 200
	expect_eq "$(jq -c "[.project, .total, .limit, .offset, [.units[].unit]]" out)" \
		"[\"HY\",4,50,0,[\"HY/3-2-1201\",\"HY/3-2-1202\",\"HY/3-2-1203\",\"HY/12--0301\"]]"
	api GET /api/v1/units "/api/v1/units?project=HY&q=1201" admin >/dev/null
	expect_eq "$(jq -c "[.total, [.units[].unit]]" out)" "[1,[\"HY/3-2-1201\"]]"
	api GET /api/v1/units "/api/v1/units?project=HY&q=HY/3-2-1202" admin >/dev/null
	expect_eq "$(jq -c "[.units[].unit]" out)" "[\"HY/3-2-1202\"]"
	api GET /api/v1/units "/api/v1/units?project=HY&q=%E6%9D%8E%E5%A8%9C" admin >/dev/null
	expect_eq "$(jq -c "[.units[] | [.unit, .owners[0].name]]" out)" "[[\"HY/3-2-1202\",\"李娜\"]]"
	api GET /api/v1/units "/api/v1/units?project=HY&q=139%208765-4321" admin >/dev/null
	expect_eq "$(jq -c "[.units[].unit]" out)" "[\"HY/3-2-1202\"]"
	api GET /api/v1/units "/api/v1/units?project=HY&q=01062345678" admin >/dev/null
	expect_eq "$(jq -c "[.units[].owners[0].phones]" out)" "[[\"13987654321\",\"010-62345678\"]]"
	api GET /api/v1/units "/api/v1/units?project=HY&limit=2&offset=1" admin >/dev/null
	expect_eq "$(jq -c "[.total, .limit, .offset, [.units[].unit]]" out)" "[4,2,1,[\"HY/3-2-1202\",\"HY/3-2-1203\"]]"
	api GET /api/v1/units "/api/v1/units?state=vacant" li >/dev/null
	expect_eq "$(jq -c "[.project, [.units[].unit]]" out)" "[\"HY\",[\"HY/3-2-1202\"]]"
	api GET /api/v1/units "/api/v1/units?project=HY&building=12" admin >/dev/null
	expect_eq "$(jq -c "[.units[] | [.unit, .type, .owners[0].tags]]" out)" "[[\"HY/12--0301\",\"商铺\",[\"关怀\"]]]"
	# the same units as `wuye units`
	wuye units --project HY --today "$TODAY" --format json | jq -S . >cli
	api GET /api/v1/units "/api/v1/units?project=HY" admin >/dev/null
	jq -S .units out >ours
	diff -u cli ours
	# a search for owners data is on the record
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '"'"'api.units'"'"'")" 10
'

t "units: phone numbers masked for roles that do not call owners" '
	api GET /api/v1/units "/api/v1/units?q=1201" wang >/dev/null
	expect_eq "$(jq -c ".units[0].owners[0].phones" out)" "[\"138****5678\"]"
	api GET /api/v1/units "/api/v1/units?q=1201" zhang >/dev/null
	expect_eq "$(jq -c ".units[0].owners[0].phones" out)" "[\"13812345678\"]"
'

t "units: bad parameters are refused, naming them" '
	expect_eq "$(api GET /api/v1/units "/api/v1/units?limit=0" admin)" 400
	expect_field 400 limit
	expect_eq "$(api GET /api/v1/units "/api/v1/units?limit=x" admin)" 400
	expect_field 400 limit
	expect_eq "$(api GET /api/v1/units "/api/v1/units?state=sold" admin)" 400
	expect_field 400 state
	expect_eq "$(api GET /api/v1/units "/api/v1/units?colour=red" admin)" 400
	expect_field 400 colour
	expect_eq "$(api GET /api/v1/units "/api/v1/units?q=%01" admin)" 400
	expect_field 400 q
	expect_eq "$(api GET /api/v1/units "/api/v1/units?q=$(printf "%065d" 1)" admin)" 400
	expect_field 400 q
	expect_eq "$(api GET /api/v1/units "/api/v1/units?project=NOPE" admin)" 404
'

t "units: another project or a role without the right is refused with 403" '
	expect_eq "$(api GET /api/v1/units "/api/v1/units?project=QT" wang)" 403
	expect_eq "$(jq -r .status out)" 403
	expect_eq "$(api GET /api/v1/units "/api/v1/units" wei)" 403
	expect_eq "$(api GET /api/v1/units/{id} "/api/v1/units/$UQT" wang)" 403
	expect_eq "$(api GET /api/v1/units/{id} "/api/v1/units/$U1201" wei)" 403
	expect_eq "$(api GET /api/v1/units "/api/v1/units?project=QT" zhao)" 200
	expect_eq "$(jq -r ".units[0].unit" out)" QT/1-1-101
'

t "one unit with its owners, as wuye units lists it" '
	expect_eq "$(api GET /api/v1/units/{id} "/api/v1/units/$U1201" xiu)" 200
	wuye units --project HY --today "$TODAY" --format json | jq -S ".[] | select(.unit == \"HY/3-2-1201\")" >cli
	jq -S ".owners[0].phones = [\"13812345678\"]" out >ours
	diff -u cli ours
	expect_eq "$(jq -c "[.id, .area_m2, .state, .handover, .movein, .owners[0].tags, .owners[0].phones]" out)" \
		"[$U1201,\"89.57\",\"occupied\",\"2020-05-01\",\"2020-08-15\",[\"重点户\"],[\"138****5678\"]]"
	expect_eq "$(api GET /api/v1/units/{id} "/api/v1/units/999999" admin)" 404
	expect_eq "$(api GET /api/v1/units/{id} "/api/v1/units/abc" admin)" 404
'

t "an account is the JSON of wuye account, to the fen" '
	expect_eq "$(api GET /api/v1/units/{id}/account "/api/v1/units/$U1201/account" wang -D h)" 200
	grep -qi "^content-type: application/json" h
	grep -qi "^cache-control: no-store" h
	wuye account HY/3-2-1201 --today "$TODAY" --format json | jq -S . >cli
	jq -S . out >ours
	diff -u cli ours
	# two bills of 89.57 m² × ¥1.85: 16570 fen each, nothing paid
	expect_eq "$(jq -c "[.unit, .open_fen, .prepaid_fen, [.bills[] | [.period, .amount_fen, .open_fen, .overdue_days]]]" out)" \
		"[\"HY/3-2-1201\",33140,0,[[\"2026-05\",16570,16570,36],[\"2026-06\",16570,16570,5]]]"
	# late fees at 万分之三: 16570 × 0.0003 × 36 days = 178.96, × 5 days = 24.86
	expect_eq "$(jq -c "[.late_fee_fen, [.bills[].late_fee_fen]]" out)" "[204,[179,25]]"
	expect_eq "$(api GET /api/v1/units/{id}/account "/api/v1/units/$U1202/account" admin)" 200
	wuye account HY/3-2-1202 --today "$TODAY" --format json | jq -S . >cli
	jq -S . out | diff -u cli -
	expect_eq "$(jq .open_fen out)" 43778
'

t "an account is refused to a role without the right, and across projects" '
	expect_eq "$(api GET /api/v1/units/{id}/account "/api/v1/units/$U1201/account" xiu)" 403
	expect_eq "$(api GET /api/v1/units/{id}/account "/api/v1/units/$U1201/account" wei)" 403
	expect_eq "$(api GET /api/v1/units/{id}/account "/api/v1/units/$U1201/account" zhao)" 403
	expect_eq "$(api GET /api/v1/units/{id}/account "/api/v1/units/$UQT/account" zhao)" 200
	expect_eq "$(api GET /api/v1/units/{id}/account "/api/v1/units/$U1201/account?day=2026-01-01" admin)" 400
	expect_field 400 day
'

t "a payment posts once per ref: 201, then the same payment with 200" '
	body="{\"unit\":\"HY/3-2-1201\",\"amount\":\"200.00\",\"channel\":\"wechat\",\"ref\":\"WX-0001\"}"
	expect_eq "$(post /api/v1/payments /api/v1/payments wang "$body")" 201
	cp out first
	expect_eq "$(jq -c "[.receipt, .unit, .unit_id, .amount_fen, .channel, .ref, .duplicate, .lines, .prepaid_fen]" first)" \
		"[\"HY-000001\",\"HY/3-2-1201\",$U1201,20000,\"wechat\",\"WX-0001\",false,[{\"item\":\"物业费\",\"period\":\"2026-05\",\"amount_fen\":16570,\"kind\":\"fee\"},{\"item\":\"物业费\",\"period\":\"2026-06\",\"amount_fen\":3430,\"kind\":\"fee\"}],0]"
	# sent again (the client lost the answer): nothing new, the first payment, 200
	expect_eq "$(post /api/v1/payments /api/v1/payments wang "$body")" 200
	expect_eq "$(jq .id out)" "$(jq .id first)"
	expect_eq "$(jq .duplicate out)" true
	# the same amount in fen, the unit by id: the same payment again
	expect_eq "$(post /api/v1/payments /api/v1/payments wang "{\"unit\":$U1201,\"amount_fen\":20000,\"channel\":\"wechat\",\"ref\":\"WX-0001\"}")" 200
	expect_eq "$(jq .id out)" "$(jq .id first)"
	expect_eq "$(sql "SELECT COUNT(*) FROM payment WHERE ref = '"'"'WX-0001'"'"'")" 1
	expect_eq "$(sql "SELECT COUNT(*) FROM payment")" 1
	wuye check >/dev/null
	# the account after it: 33140 − 20000 open
	api GET /api/v1/units/{id}/account "/api/v1/units/$U1201/account" wang >/dev/null
	expect_eq "$(jq -c "[.open_fen, [.bills[].open_fen], .payments[0].receipt]" out)" "[13140,[0,13140],\"HY-000001\"]"
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '"'"'pay'"'"' AND subject = '"'"'HY/3-2-1201'"'"'")" 1
'

t "a ref reused for another unit or amount is a conflict (409) and posts nothing" '
	expect_eq "$(post /api/v1/payments /api/v1/payments wang "{\"unit\":\"HY/3-2-1201\",\"amount\":\"200.01\",\"channel\":\"wechat\",\"ref\":\"WX-0001\"}")" 409
	expect_eq "$(jq -c "[.status, .field]" out)" "[409,\"ref\"]"
	expect_eq "$(post /api/v1/payments /api/v1/payments wang "{\"unit\":\"HY/3-2-1202\",\"amount\":\"200.00\",\"channel\":\"wechat\",\"ref\":\"WX-0001\"}")" 409
	expect_eq "$(sql "SELECT COUNT(*) FROM payment")" 1
	wuye check >/dev/null
'

t "a payment: named bills, the late fee first, the amount as a number" '
	bill=$(wuye account HY/3-2-1202 --today "$TODAY" --format json | jq ".bills[1].id")
	expect_eq "$(post /api/v1/payments /api/v1/payments admin "{\"unit\":$U1202,\"amount\":250.5,\"channel\":\"transfer\",\"ref\":\"ICBC-7\",\"bills\":[$bill],\"late_fee\":true}")" 201
	expect_eq "$(jq -c "[.amount_fen, [.lines[] | [.kind, .period]]]" out)" "[25050,[[\"latefee\",\"2026-06-20\"],[\"fee\",\"2026-06\"]]]"
	wuye check >/dev/null
'

t "bad payment bodies are refused with 400 naming the field, and post nothing" '
	p() { post /api/v1/payments /api/v1/payments wang "$1"; }
	ok="\"unit\":\"HY/3-2-1201\",\"channel\":\"cash\",\"ref\":\"BAD-1\""
	expect_eq "$(p "{$ok}")" 400; expect_field 400 amount_fen
	expect_eq "$(p "{$ok,\"amount_fen\":0}")" 400; expect_field 400 amount_fen
	expect_eq "$(p "{$ok,\"amount_fen\":\"100\"}")" 400; expect_field 400 amount_fen
	expect_eq "$(p "{$ok,\"amount_fen\":1.5}")" 400; expect_field 400 amount_fen
	expect_eq "$(p "{$ok,\"amount\":\"1.234\"}")" 400; expect_field 400 amount
	expect_eq "$(p "{$ok,\"amount\":\"-5\"}")" 400; expect_field 400 amount
	expect_eq "$(p "{$ok,\"amount\":\"5\",\"amount_fen\":500}")" 400; expect_field 400 amount
	expect_eq "$(p "{$ok,\"amount_fen\":100,\"tip\":1}")" 400; expect_field 400 tip
	expect_eq "$(p "{$ok,\"amount_fen\":100,\"late_fee\":\"yes\"}")" 400; expect_field 400 late_fee
	expect_eq "$(p "{$ok,\"amount_fen\":100,\"bills\":[]}")" 400; expect_field 400 bills
	expect_eq "$(p "{$ok,\"amount_fen\":100,\"bills\":[999999]}")" 400; expect_field 400 bills
	expect_eq "$(p "{\"unit\":\"HY/3-2-1201\",\"channel\":\"bitcoin\",\"ref\":\"BAD-1\",\"amount_fen\":100}")" 400; expect_field 400 channel
	expect_eq "$(p "{\"unit\":\"HY/3-2-1201\",\"channel\":\"cash\",\"amount_fen\":100}")" 400; expect_field 400 ref
	expect_eq "$(p "{\"unit\":\"HY/3-2-1201\",\"channel\":\"cash\",\"ref\":\"  \",\"amount_fen\":100}")" 400; expect_field 400 ref
	expect_eq "$(p "{\"unit\":\"HY/9-9-9\",\"channel\":\"cash\",\"ref\":\"BAD-1\",\"amount_fen\":100}")" 400; expect_field 400 unit
	expect_eq "$(p "{\"unit\":true,\"channel\":\"cash\",\"ref\":\"BAD-1\",\"amount_fen\":100}")" 400; expect_field 400 unit
	expect_eq "$(p "{\"channel\":\"cash\",\"ref\":\"BAD-1\",\"amount_fen\":100}")" 400; expect_field 400 unit
	expect_eq "$(p "not json")" 400; expect_field 400 body
	expect_eq "$(p "[1,2]")" 400; expect_field 400 body
	expect_eq "$(p "{$ok,\"amount_fen\":100,\"amount_fen\":200}")" 400; expect_field 400 body
	expect_eq "$(p "")" 400; expect_field 400 body
	# a body over the limit
	head -c 20000 /dev/zero | tr "\0" " " >big
	expect_eq "$(api POST /api/v1/payments /api/v1/payments wang -H "Content-Type: application/json" --data-binary @big)" 413
	expect_eq "$(jq .status out)" 413
	expect_eq "$(sql "SELECT COUNT(*) FROM payment WHERE ref = '"'"'BAD-1'"'"'")" 0
'

t "a payment is refused to a role without the right and across projects (403), nothing posted" '
	body="{\"unit\":\"HY/3-2-1201\",\"amount_fen\":100,\"channel\":\"cash\",\"ref\":\"SCOPE-1\"}"
	expect_eq "$(post /api/v1/payments /api/v1/payments zhang "$body")" 403
	expect_eq "$(post /api/v1/payments /api/v1/payments wei "$body")" 403
	expect_eq "$(post /api/v1/payments /api/v1/payments zhao "$body")" 403
	expect_eq "$(jq .status out)" 403
	expect_eq "$(sql "SELECT COUNT(*) FROM payment WHERE ref = '"'"'SCOPE-1'"'"'")" 0
	expect_eq "$(post /api/v1/payments /api/v1/payments zhao "{\"unit\":\"QT/1-1-101\",\"amount_fen\":100,\"channel\":\"cash\",\"ref\":\"QT-1\"}")" 201
'

t "the console posts with its session and the CSRF header, never without it" '
	expect_eq "$(web_login "$url" wang wang-pass-12 jar)" 303
	body="{\"unit\":\"HY/3-2-1202\",\"amount_fen\":1000,\"channel\":\"cash\",\"ref\":\"DESK-1\"}"
	expect_eq "$(curl -s -o out -w "%{http_code}" -b jar -H "Content-Type: application/json" -d "$body" "$url/api/v1/payments")" 403
	expect_eq "$(sql "SELECT COUNT(*) FROM payment WHERE ref = '"'"'DESK-1'"'"'")" 0
	csrf=$(web_csrf "$url" jar)
	expect_eq "$(curl -s -o out -w "%{http_code}" -b jar -H "X-CSRF-Token: $csrf" -H "Content-Type: application/json" -d "$body" "$url/api/v1/payments")" 201
	expect_eq "$(jq -r .cashier out)" 王收银
	expect_eq "$(curl -s -o out -w "%{http_code}" -b jar "$url/api/v1/units/$U1202/account")" 200
'

t "cases of a project, by state, as wuye cases lists them" '
	expect_eq "$(api GET /api/v1/cases "/api/v1/cases?project=HY" li)" 200
	wuye cases --project HY --today "$TODAY" --format json | jq -S . >cli
	jq -S .cases out >ours
	diff -u cli ours
	expect_eq "$(jq -c "[.total, ([.cases[].unit] | sort)]" out)" "[4,[\"HY/12--0301\",\"HY/3-2-1201\",\"HY/3-2-1202\",\"HY/3-2-1203\"]]"
	api GET /api/v1/cases "/api/v1/cases?project=HY&state=open&limit=1&offset=1" zhang >/dev/null
	expect_eq "$(jq -c "[.state, .total, .limit, .offset, (.cases | length)]" out)" "[\"open\",4,1,1,1]"
	api GET /api/v1/cases "/api/v1/cases?state=closed" li >/dev/null
	expect_eq "$(jq -c "[.total, .cases]" out)" "[0,[]]"
	expect_eq "$(api GET /api/v1/cases "/api/v1/cases?state=lost" li)" 400
	expect_field 400 state
	expect_eq "$(api GET /api/v1/cases "/api/v1/cases?project=QT" li)" 403
	expect_eq "$(api GET /api/v1/cases "/api/v1/cases" wang)" 403
'

t "one case with its timeline, as wuye case shows it" '
	expect_eq "$(api GET /api/v1/cases/{id} "/api/v1/cases/$CASE1201" zhang)" 200
	wuye case HY/3-2-1201 --today "$TODAY" --format json | jq -S . >cli
	jq -S . out >ours
	diff -u cli ours
	expect_eq "$(jq -c "[.id, .unit, .state, (.timeline | length > 1), .timeline[0].kind]" out)" "[$CASE1201,\"HY/3-2-1201\",\"open\",true,\"opened\"]"
	expect_eq "$(api GET /api/v1/cases/{id} "/api/v1/cases/99999" admin)" 404
	expect_eq "$(api GET /api/v1/cases/{id} "/api/v1/cases/$CASE1201" zhao)" 403
	expect_eq "$(api GET /api/v1/cases/{id} "/api/v1/cases/$CASE1201" xiu)" 403
'

t "my tasks: those of the staff member the token acts as, as wuye tasks --staff lists them" '
	expect_eq "$(api GET /api/v1/tasks /api/v1/tasks zhang)" 200
	wuye tasks --staff zhang --today "$TODAY" --format json | jq -S . >cli
	jq -S .tasks out >ours
	diff -u cli ours
	expect_eq "$(jq -r .staff out)" zhang
	[ "$(jq ".tasks | length" out)" -ge 1 ] || fail "zhang has no task"
	expect_eq "$(jq -r "[.tasks[].staff] | unique | join(\",\")" out)" zhang
	expect_eq "$(api GET /api/v1/tasks /api/v1/tasks wei)" 200
	expect_eq "$(jq -c .tasks out)" "[]"
'

t "a contact logged over the API completes the task and holds the ladder with a promise" '
	api GET /api/v1/tasks /api/v1/tasks zhang >/dev/null
	phone_tasks=$(jq "[.tasks[] | select(.unit == \"HY/12--0301\" and .step == \"phone\")] | length" out)
	expect_eq "$phone_tasks" 1
	expect_eq "$(post /api/v1/contacts /api/v1/contacts zhang "{\"unit\":\"HY/12--0301\",\"channel\":\"phone\",\"result\":\"promised\",\"note\":\"月底前缴清\",\"promise_date\":\"2026-06-30\",\"promise_amount\":\"121.07\"}")" 201
	expect_eq "$(jq -c "[.unit, .unit_id, .tasks_done, (.promise_id > 0), .limitation_restarted]" out)" "[\"HY/12--0301\",$U0301,1,true,true]"
	case_id=$(jq .case_id out)
	api GET /api/v1/tasks /api/v1/tasks zhang >/dev/null
	expect_eq "$(jq "[.tasks[] | select(.unit == \"HY/12--0301\" and .step == \"phone\")] | length" out)" 0
	expect_eq "$(api GET /api/v1/cases/{id}/contacts "/api/v1/cases/$case_id/contacts" zhang)" 200
	expect_eq "$(jq -c "[.case_id, [.contacts[] | [.channel, .result, .note, .staff, .promise_date, .promise_fen]]]" out)" \
		"[$case_id,[[\"phone\",\"promised\",\"月底前缴清\",\"zhang\",\"2026-06-30\",12107]]]"
	wuye case HY/12--0301 --today "$TODAY" --format json | jq -S .contacts >cli
	jq -S .contacts out | diff -u cli -
	expect_eq "$(sql "SELECT state FROM dun_case WHERE id = $case_id")" promised
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '"'"'contact'"'"' AND subject = '"'"'HY/12--0301'"'"'")" 1
'

t "a notice delivered with its proof file" '
	proof=$(printf "signed receipt" | base64)
	expect_eq "$(post /api/v1/contacts /api/v1/contacts zhang "{\"unit\":$U1201,\"channel\":\"notice\",\"result\":\"reached\",\"proof\":{\"name\":\"签收回执.txt\",\"content_base64\":\"$proof\"}}")" 201
	expect_eq "$(sql "SELECT name || '"'"' '"'"' || size FROM proof")" "签收回执.txt 14"
	api GET /api/v1/cases/{id}/contacts "/api/v1/cases/$CASE1201/contacts" li >/dev/null
	expect_eq "$(jq -c "[.contacts[-1] | .channel, .proof]" out)" "[\"notice\",\"签收回执.txt\"]"
	expect_eq "$(sql "SELECT COUNT(*) FROM dun_case WHERE id = $CASE1201 AND notice_day IS NOT NULL")" 1
	ls "${TMPDIR:-/tmp}" | grep -c "^wuye-proof" >n || true
	expect_eq "$(cat n)" 0
'

t "bad contacts are refused with 400 naming the field, and record nothing" '
	before=$(sql "SELECT COUNT(*) FROM contact")
	c() { post /api/v1/contacts /api/v1/contacts zhang "$1"; }
	u="\"unit\":\"HY/3-2-1202\""
	expect_eq "$(c "{$u,\"result\":\"reached\"}")" 400; expect_field 400 channel
	expect_eq "$(c "{$u,\"channel\":\"pigeon\",\"result\":\"reached\"}")" 400; expect_field 400 channel
	expect_eq "$(c "{$u,\"channel\":\"phone\",\"result\":\"maybe\"}")" 400; expect_field 400 result
	expect_eq "$(c "{$u,\"channel\":\"phone\",\"result\":\"reached\",\"reason\":\"lazy\"}")" 400; expect_field 400 reason
	expect_eq "$(c "{$u,\"channel\":\"phone\",\"result\":\"promised\",\"promise_amount_fen\":100}")" 400; expect_field 400 promise_date
	expect_eq "$(c "{$u,\"channel\":\"phone\",\"result\":\"promised\",\"promise_date\":\"2026-07-01\"}")" 400; expect_field 400 promise_amount
	expect_eq "$(c "{$u,\"channel\":\"phone\",\"result\":\"promised\",\"promise_date\":\"2026-06-01\",\"promise_amount_fen\":100}")" 400; expect_field 400 promise_date
	expect_eq "$(c "{$u,\"channel\":\"phone\",\"result\":\"promised\",\"promise_date\":\"07/01/2026\",\"promise_amount_fen\":100}")" 400; expect_field 400 promise_date
	expect_eq "$(c "{$u,\"channel\":\"visit\",\"result\":\"reached\"}")" 400; expect_field 400 note
	expect_eq "$(c "{$u,\"channel\":\"notice\",\"result\":\"reached\"}")" 400; expect_field 400 proof
	expect_eq "$(c "{$u,\"channel\":\"notice\",\"result\":\"reached\",\"proof\":{\"name\":\"a.jpg\",\"content_base64\":\"%%%\"}}")" 400; expect_field 400 proof
	expect_eq "$(c "{$u,\"channel\":\"notice\",\"result\":\"reached\",\"proof\":{\"name\":\"../a.jpg\",\"content_base64\":\"YQ==\"}}")" 400; expect_field 400 proof
	expect_eq "$(c "{$u,\"channel\":\"phone\",\"result\":\"reached\",\"note\":\"a\u0000b\"}")" 400; expect_field 400 body
	expect_eq "$(c "{$u,\"channel\":\"phone\",\"result\":\"reached\",\"note\":\"a\u0007b\"}")" 400; expect_field 400 note
	expect_eq "$(c "{$u,\"channel\":\"phone\",\"result\":\"reached\",\"note\":\"$(printf "%2001d" 1)\"}")" 400; expect_field 400 note
	expect_eq "$(c "{$u,\"channel\":\"phone\",\"result\":\"reached\",\"mood\":\"ok\"}")" 400; expect_field 400 mood
	expect_eq "$(c "{\"unit\":\"HY/0-0-0\",\"channel\":\"phone\",\"result\":\"reached\"}")" 400; expect_field 400 unit
	expect_eq "$(sql "SELECT COUNT(*) FROM contact")" "$before"
'

t "a contact is refused to a role without the right and across projects (403)" '
	body="{\"unit\":\"HY/3-2-1202\",\"channel\":\"phone\",\"result\":\"no-answer\"}"
	expect_eq "$(post /api/v1/contacts /api/v1/contacts wang "$body")" 403
	expect_eq "$(post /api/v1/contacts /api/v1/contacts wei "$body")" 403
	expect_eq "$(post /api/v1/contacts /api/v1/contacts qin "$body")" 403
	expect_eq "$(post /api/v1/contacts /api/v1/contacts qin "{\"unit\":\"QT/1-1-101\",\"channel\":\"phone\",\"result\":\"no-answer\"}")" 201
	expect_eq "$(api GET /api/v1/cases/{id}/contacts "/api/v1/cases/$CASE1201/contacts" wang)" 403
	expect_eq "$(api GET /api/v1/cases/{id}/contacts "/api/v1/cases/99999/contacts" li)" 404
	expect_eq "$(post /api/v1/contacts /api/v1/contacts xiu "$body")" 201
'

t "the books still balance after everything the API did" '
	wuye check >/dev/null
'

t "every documented path and method was exercised" '
	documented >doc
	sort -u "$SCRATCH/exercised" >done
	diff -u doc done || fail "documented in docs/api.yaml but not exercised (lines with -)"
'

stop_server SRV
done_testing
