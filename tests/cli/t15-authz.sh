#!/usr/bin/env bash
# t15-authz.sh: the authorization matrix of the console and the API over real HTTP.
#
# Every route of src/web/routes.c is a row of ONE table below (method and path, real ids
# filled in at run time), every role a column, each cell what the router answers that
# role: ok (it lets the request through: any answer but the router's 403, a log-in
# redirect or a 5xx; an empty form's 400/404/409 is fine) or 403 (refused for the role,
# and a refused POST changes nothing).  The last column is nobody logged in: ok (a public
# route), login (a page sends them to /login) or 401 (the API).  Pages are asked with a
# session (POSTs with its CSRF token), /api/v1 routes with an API token of the role.
# The test fails if a route of routes.c has no row, so the table cannot fall behind.
# Then the projects: a steward of one project reaches nothing of another's.
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$TEST_DIR/../.." && pwd)
new_db

TODAY=2026-07-20
wuye project add HY 华苑小区 >/dev/null
wuye project add QT 其他小区 >/dev/null
wuye import units "$FIX/units_utf8.csv" --project HY >/dev/null
printf '楼栋,单元,房号,面积,状态,业主,电话\n1,1,101,80,已入住,赵六,13700000001\n' >qt.csv
wuye import units qt.csv --project QT >/dev/null
for p in HY QT; do
	cid=$(wuye contract add --project $p --name 物业服务合同 --from 2026-01-01 --late-daily 0.0003)
	wuye tariff add --contract "$cid" --item 物业费 --basis unit --rate 100 --due-day 15 >/dev/null
	for m in 05 06 07; do wuye bill --project $p --period 2026-$m --today 2026-$m-01 >/dev/null; done
	wuye dun --project $p --today $TODAY >/dev/null
done
# one staff member of each role in HY (the admin works on every project), a steward of QT,
# and one whose deactivation the matrix tries
ROLES="admin manager steward service cashier maintenance legal committee"
for role in $ROLES; do
	echo "pw-$role-12345" | wuye staff add "x$role" "$role" --role $role \
		$([ $role = admin ] || echo --project HY) --password-stdin >/dev/null
	printf -v "tok_$role" '%s' "$(wuye token add "x$role" --name "t15 $role")"
done
echo "pw-qt-steward-1" | wuye staff add qin 秦楼管 --role steward --project QT --password-stdin >/dev/null
tok_qin=$(wuye token add qin --name "t15 qin")
wuye staff add victim 被停用 --role steward --project HY >/dev/null
# a proof, a work order, a receipt in each project, a request waiting for approval,
# a channel whose gateway may push delivery reports
printf '\x89PNG\r\n\x1a\n-proof-photo-' >notice.png
wuye contact HY/3-2-1201 --channel notice --result reached --note 已张贴 --proof notice.png --today $TODAY \
	--as xsteward >/dev/null
WO=$(wuye complaint HY/3-2-1201 --category repair --note 漏水 --today $TODAY --as xsteward)
wuye pay HY/3-2-1202 100 --channel cash --today $TODAY --as xcashier >/dev/null
wuye pay QT/1-1-101 100 --channel cash --today $TODAY >/dev/null
wuye writeoff HY/12--0301 --reason 无法联系 --today $TODAY --as xlegal >/dev/null
cat >aliyun.json <<'EOF'
{"endpoint": "http://127.0.0.1:9", "access_key_id": "LTAI5tFakeGatewayKey01",
 "access_key_secret": "fake-aliyun-secret-for-tests-only", "sign_name": "华苑物业", "hook_token": "hk-5f1c2a9d7e3b40aa",
 "templates": {"prenotice": "SMS_154950909", "reminder": "SMS_154950909"}}
EOF
wuye channel set sms --project HY --vendor aliyun --settings aliyun.json >/dev/null

unit_id() { sql "SELECT u.id FROM unit u JOIN building b ON b.id = u.building_id JOIN project p ON p.id = u.project_id
	WHERE p.code || '/' || b.code || '-' || u.entrance || '-' || u.room = '$1'"; }
U=$(unit_id HY/3-2-1201) UQ=$(unit_id QT/1-1-101)
C=$(wuye case HY/3-2-1201 --today $TODAY --format json | jq .id)
CQ=$(wuye case QT/1-1-101 --today $TODAY --format json | jq .id)
P=$(sql "SELECT proof_id FROM contact WHERE proof_id IS NOT NULL")
A=$(sql "SELECT MAX(id) FROM request")
S=$(sql "SELECT id FROM staff WHERE login = 'victim'")
for v in U UQ C CQ P A S WO; do [ -n "${!v}" ] && [ "${!v}" != null ] || { echo "FAIL - $TEST_NAME: no $v"; exit 1; }; done

start_server SRV --today $TODAY --fixed-today
url="http://127.0.0.1:$SRV"
jar() { echo "$SCRATCH/jar-$1"; }
login_as() {
	[ "$(web_login "$url" "x$1" "pw-$1-12345" "$(jar "$1${2:-}")")" = 303 ] || { echo "FAIL - $TEST_NAME: x$1 cannot log in"; exit 1; }
	# in English: the refusal the test looks for is the source's
	curl -s -o /dev/null -b "$(jar "$1${2:-}")" -c "$(jar "$1${2:-}")" "$url/lang?to=en"
}
for role in $ROLES; do
	login_as $role
	printf -v "csrf_$role" '%s' "$(web_csrf "$url" "$(jar $role)")"
done
[ "$(web_login "$url" qin pw-qt-steward-1 "$(jar qin)")" = 303 ] || echo "FAIL - $TEST_NAME: qin cannot log in"
csrf_qin=$(web_csrf "$url" "$(jar qin)")
# a job of the admin's (queued by the console), to look at
J=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$(jar admin)" -d "csrf=$csrf_admin" -d project=HY -d building=3 \
	"$url/cases/notices" | sed -n 's|.*/jobs/\([0-9]*\)$|\1|p')
[ -n "$J" ] || { echo "FAIL - $TEST_NAME: no job was queued"; J=1; }

# Who may reach what.  @U/@C a unit and its case of HY, @P a proof of that unit, @W a work
# order of the case, @R a receipt of HY, @A a request waiting for approval, @S a staff
# member, @J a job of the admin's.  GETs add ?project=HY, POSTs send project=HY and the
# CSRF token and no other field (POST /login and the hook get their own, see below).
cat >matrix <<'EOF'
method path                       admin manager steward service cashier maintenance legal committee nobody
GET  /healthz                        ok      ok      ok      ok      ok          ok    ok        ok     ok
GET  /metrics                        ok      ok      ok      ok      ok          ok    ok        ok     ok
GET  /assets/app.css                 ok      ok      ok      ok      ok          ok    ok        ok     ok
GET  /login                          ok      ok      ok      ok      ok          ok    ok        ok     ok
POST /login                          ok      ok      ok      ok      ok          ok    ok        ok     ok
POST /logout                         ok      ok      ok      ok      ok          ok    ok        ok  login
GET  /lang                           ok      ok      ok      ok      ok          ok    ok        ok     ok
POST /hooks/aliyun/hk-5f1c2a9d7e3b40aa ok    ok      ok      ok      ok          ok    ok        ok     ok
GET  /jobs/@J                        ok      ok      ok      ok      ok          ok    ok        ok  login
GET  /jobs/@J/file                   ok      ok      ok      ok      ok          ok    ok        ok  login
GET  /                               ok      ok      ok      ok      ok          ok    ok        ok  login
GET  /units                          ok      ok      ok      ok      ok          ok    ok       403  login
GET  /units/@U                       ok      ok      ok      ok      ok          ok    ok       403  login
GET  /units/@U/proofs/@P             ok      ok      ok      ok      ok          ok    ok       403  login
GET  /cashier                        ok      ok     403      ok      ok         403   403       403  login
GET  /cashier/@U                     ok      ok     403      ok      ok         403   403       403  login
POST /cashier/@U                     ok      ok     403      ok      ok         403   403       403  login
GET  /receipts/@R                    ok      ok      ok      ok      ok          ok    ok       403  login
GET  /receipts/@R/pdf                ok      ok      ok      ok      ok         403   403       403  login
POST /receipts/@R/reverse            ok      ok     403     403      ok         403   403       403  login
GET  /tasks                          ok      ok      ok      ok     403         403    ok       403  login
GET  /tasks/team                     ok      ok     403     403     403         403   403       403  login
POST /contact/@U                     ok      ok      ok      ok     403          ok    ok       403  login
GET  /cases                          ok      ok      ok     403     403         403    ok       403  login
POST /cases/notices                  ok      ok      ok      ok     403         403    ok       403  login
POST /cases/lawyer-letters           ok      ok     403     403     403         403    ok       403  login
GET  /cases/@C                       ok      ok      ok     403     403         403    ok       403  login
GET  /cases/@C/proofs/@P             ok      ok      ok     403     403         403    ok       403  login
POST /cases/@C/plan                  ok      ok      ok     403     403         403   403       403  login
POST /cases/@C/complaint             ok      ok      ok      ok     403          ok   403       403  login
POST /cases/@C/workorders/@W         ok      ok      ok      ok     403          ok   403       403  login
POST /cases/@C/pause                 ok      ok     403     403     403         403   403       403  login
POST /cases/@C/resume                ok      ok     403     403     403         403   403       403  login
POST /cases/@C/escalate              ok      ok     403     403     403         403    ok       403  login
POST /cases/@C/legal                 ok      ok     403     403     403         403    ok       403  login
POST /cases/@C/writeoff              ok      ok     403     403     403         403    ok       403  login
GET  /approvals                      ok      ok     403     403     403         403   403       403  login
POST /approvals/@A                   ok      ok     403     403     403         403   403       403  login
GET  /bills                          ok      ok     403     403     403         403   403       403  login
POST /bills/run                      ok      ok     403     403     403         403   403       403  login
GET  /imports                        ok      ok     403     403      ok         403   403       403  login
POST /imports/units                  ok      ok     403     403     403         403   403       403  login
POST /imports/units/confirm          ok      ok     403     403     403         403   403       403  login
POST /imports/arrears                ok      ok     403     403     403         403   403       403  login
POST /imports/arrears/confirm        ok      ok     403     403     403         403   403       403  login
POST /imports/payments               ok      ok     403     403      ok         403   403       403  login
POST /imports/payments/confirm       ok      ok     403     403      ok         403   403       403  login
GET  /exports                        ok      ok      ok      ok     403         403    ok       403  login
POST /exports/units                  ok      ok      ok      ok     403         403   403       403  login
POST /exports/arrears                ok      ok      ok      ok     403         403    ok       403  login
GET  /settings                       ok      ok     403     403     403         403   403       403  login
POST /settings/project               ok     403     403     403     403         403   403       403  login
POST /settings/projects              ok     403     403     403     403         403   403       403  login
GET  /settings/buildings             ok      ok     403     403     403         403   403       403  login
POST /settings/buildings             ok      ok     403     403     403         403   403       403  login
POST /settings/stewards              ok      ok     403     403     403         403   403       403  login
GET  /settings/fees                  ok      ok     403     403     403         403   403       403  login
POST /settings/items                 ok      ok     403     403     403         403   403       403  login
POST /settings/contracts             ok      ok     403     403     403         403   403       403  login
POST /settings/tariffs               ok      ok     403     403     403         403   403       403  login
GET  /settings/policy                ok      ok     403     403     403         403   403       403  login
POST /settings/policy                ok      ok     403     403     403         403   403       403  login
GET  /settings/templates             ok      ok     403     403     403         403   403       403  login
POST /settings/templates             ok      ok     403     403     403         403   403       403  login
POST /settings/templates/reset       ok      ok     403     403     403         403   403       403  login
GET  /settings/staff                 ok      ok     403     403     403         403   403       403  login
POST /settings/staff                 ok      ok     403     403     403         403   403       403  login
POST /settings/staff/@S/deactivate   ok      ok     403     403     403         403   403       403  login
GET  /settings/channels              ok      ok     403     403     403         403   403       403  login
POST /settings/channels              ok     403     403     403     403         403   403       403  login
POST /settings/channels/remove       ok     403     403     403     403         403   403       403  login
GET  /api/v1/units                   ok      ok      ok      ok      ok          ok    ok       403    401
GET  /api/v1/units/@U                ok      ok      ok      ok      ok          ok    ok       403    401
GET  /api/v1/units/@U/account        ok      ok      ok      ok      ok         403    ok       403    401
POST /api/v1/payments                ok      ok     403      ok      ok         403   403       403    401
GET  /api/v1/cases                   ok      ok      ok      ok     403         403    ok       403    401
GET  /api/v1/cases/@C                ok      ok      ok      ok     403         403    ok       403    401
GET  /api/v1/cases/@C/contacts       ok      ok      ok      ok     403         403    ok       403    401
POST /api/v1/contacts                ok      ok      ok      ok     403          ok    ok       403    401
GET  /api/v1/tasks                   ok      ok      ok      ok      ok          ok    ok        ok    401
GET  /reports                        ok      ok      ok     403     403         403   403        ok  login
GET  /reports/targets                ok      ok      ok     403     403         403   403        ok  login
POST /reports/targets                ok      ok     403     403     403         403   403       403  login
GET  /reports/weekly/pdf             ok      ok      ok     403     403         403   403        ok  login
GET  /reports/collection             ok      ok      ok     403     403         403   403        ok  login
GET  /reports/collection/units       ok      ok      ok     403     403         403   403       403  login
GET  /reports/collection/xlsx        ok      ok      ok     403     403         403   403        ok  login
EOF
COLUMNS_OF_ROLES=(admin manager steward service cashier maintenance legal committee)

# The routes of routes.c, "METHOD PATTERN" in the table's order (a route may span lines;
# its method and pattern are on the first).
sed -n 's/^[[:space:]]*{ "\(GET\|POST\)", "\([^"]*\)".*/\1 \2/p' "$SRC/src/web/routes.c" >routes

# The database as a text, less the sessions (each request moves their last-seen time).
state() {
	if [ -n "${WUYE_TEST_PG:-}" ]; then
		pg_dump -a -O --exclude-table=web_session "$WUYE_DB" | grep -v -e '^--' -e '^\\restrict ' -e '^\\unrestrict '
	else
		sqlite3 "$WUYE_DB" .dump | grep -v '^INSERT INTO web_session\b'
	fi
}

# fill PATH: the ids put in
fill() {
	local p=$1
	p=${p//@U/$U} p=${p//@C/$C} p=${p//@P/$P} p=${p//@W/$WO} p=${p//@R/HY-000001} p=${p//@A/$A}
	p=${p//@S/$S} p=${p//@J/$J}
	printf '%s' "$p"
}

# ask ROLE METHOD PATH: one request of the matrix as ROLE ("nobody": no session nor
# token); the body in ./page, the headers in ./headers; prints the status
ask() {
	local role=$1 method=$2 path=$3 auth=() q=
	case "$path" in
	/api/*) [ "$role" = nobody ] || auth=(-H "Authorization: Bearer $(eval echo \$tok_$role)" -H "Accept-Language: en") ;;
	*) [ "$role" = nobody ] || auth=(-b "$(jar $role)") ;;
	esac
	case "$method $path" in
	"GET /lang") q="?to=en" ;;
	"GET /api/"*) q="?project=HY" ;;
	GET\ *) q="?project=HY" ;;
	esac
	if [ "$method" = GET ]; then
		curl -s -D headers -o page -w '%{http_code}' "${auth[@]}" "$url$path$q"
		return
	fi
	case "$path" in
	/login)
		# the log-in form as the browser sends it (its own CSRF cookie), for nobody in particular
		local lj="$SCRATCH/login-jar" tok
		tok=$(curl -s -c "$lj" "$url/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
		curl -s -D headers -o page -w '%{http_code}' "${auth[@]}" -b "$lj" -d "login=nosuchlogin&password=wrong-pass-1&csrf=$tok" \
			"$url$path" ;;
	/logout)
		# another session of the same person, so that the matrix keeps its own
		if [ "$role" = nobody ]; then
			curl -s -D headers -o page -w '%{http_code}' -X POST "$url$path"
		else
			login_as $role -logout
			curl -s -D headers -o page -w '%{http_code}' -b "$(jar $role-logout)" \
				-d "csrf=$(web_csrf "$url" "$(jar $role-logout)")" "$url$path"
		fi ;;
	/hooks/*) curl -s -D headers -o page -w '%{http_code}' "${auth[@]}" -H "Content-Type: application/json" -d '[]' "$url$path" ;;
	/api/*) curl -s -D headers -o page -w '%{http_code}' "${auth[@]}" -H "Content-Type: application/json" -d '{}' "$url$path" ;;
	*)
		local c=
		[ "$role" = nobody ] || c=$(eval echo \$csrf_$role)
		curl -s -D headers -o page -w '%{http_code}' "${auth[@]}" -d "csrf=$c" -d project=HY "$url$path" ;;
	esac
}

# check ROLE METHOD PATH WANT: the cell
check() {
	local role=$1 method=$2 path=$3 want=$4 code
	code=$(ask "$role" "$method" "$path")
	case "$want" in
	ok)
		case "$code" in
		403) grep -q "your role may not do this" page && fail "$method $path as $role: refused, the table says ok"
		     [ "$role" = nobody ] && fail "$method $path as $role: 403, the table says ok"
		     return 0 ;;
		401) case "$path" in /api/*) fail "$method $path as $role: 401, the table says ok" ;; esac ;;
		5*) fail "$method $path as $role: $code, the table says ok" ;;
		303) # logging out ends at the log-in page, as it should
		     if [ "$path" != /logout ] && grep -qi '^location: /login' headers; then
			     fail "$method $path as $role: sent to log in, the table says ok"
		     fi ;;
		esac ;;
	403)
		[ "$code" = 403 ] || fail "$method $path as $role: $code, the table says 403"
		grep -q "your role may not do this" page || fail "$method $path as $role: 403 but not for the role: $(head -c 300 page)" ;;
	login)
		[ "$code" = 303 ] || fail "$method $path logged out: $code, the table says login"
		grep -qi "^location: /login?next=" headers || fail "$method $path logged out: not sent to /login" ;;
	401)
		[ "$code" = 401 ] || fail "$method $path logged out: $code, the table says 401"
		grep -qi "^www-authenticate: Bearer" headers || fail "$method $path logged out: no WWW-Authenticate" ;;
	*) fail "bad cell [$want] in the table" ;;
	esac
	return 0
}

t "the table has a row for every route of routes.c, and every row is a route" '
	expect_eq "$(head -1 matrix)" "method path                       admin manager steward service cashier maintenance legal committee nobody"
	tail -n +2 matrix >rows
	[ "$(wc -l <routes)" -ge 80 ] || fail "routes.c was not read: $(wc -l <routes) routes"
	[ "$(wc -l <rows)" -ge "$(wc -l <routes)" ] || fail "the table has $(wc -l <rows) rows, routes.c $(wc -l <routes) routes"
	# each row is matched as the router matches: the first route of its method whose
	# pattern fits the path, {capture} = one segment
	: >hit
	while read -r method path cells; do
		[ "$(echo $cells | wc -w)" = 9 ] || fail "$method $path: $(echo $cells | wc -w) cells"
		found=
		while read -r rm rp; do
			re="^$(printf "%s" "$rp" | sed "s/{[^}]*}/[^\/]+/g")\$"
			if [ "$rm" = "$method" ] && printf "%s" "$(fill "$path")" | grep -Eq "$re"; then found="$rm $rp"; break; fi
		done <routes
		[ -n "$found" ] || fail "$method $path: no such route in routes.c"
		echo "$found" >>hit
	done <rows
	sort hit | uniq -d >twice
	[ ! -s twice ] || fail "routes with two rows: $(cat twice)"
	sort -u hit >have
	sort -u routes >want
	comm -23 want have >missing
	[ ! -s missing ] || fail "routes of routes.c with no row in the table: $(cat missing)"
'

t "every cell of the table holds for pages (a session) and the API (a token)" '
	tail -n +2 matrix >rows
	n=0
	for i in 0 1 2 3 4 5 6 7 8; do
		if [ $i = 8 ]; then role=nobody; else role=${COLUMNS_OF_ROLES[$i]}; fi
		# the refused POSTs first, all together: they must change nothing
		state >before
		while read -r method path cells; do
			set -- $cells; shift $i; want=$1
			[ "$method" = POST ] && [ "$want" != ok ] || continue
			check $role POST "$(fill "$path")" "$want"; n=$((n + 1))
		done <rows
		state >after
		diff before after >changed || fail "a refused POST as $role changed the database: $(head -20 changed)"
		while read -r method path cells; do
			set -- $cells; shift $i; want=$1
			[ "$method" = POST ] && [ "$want" != ok ] && continue
			check $role $method "$(fill "$path")" "$want"; n=$((n + 1))
		done <rows
	done
	expect_eq "$n" $(( $(wc -l <rows) * 9 ))
	echo "$n cells" >"$SCRATCH/cells"
'

t "the API answers a session of the same role as it answers its token" '
	tail -n +2 matrix | grep " /api/" >rows
	while read -r method path cells; do
		set -- $cells
		for role in $ROLES; do
			p=$(fill "$path")
			if [ $method = GET ]; then code=$(curl -s -o page -w "%{http_code}" -b "$(jar $role)" "$url$p?project=HY")
			else code=$(curl -s -o page -w "%{http_code}" -b "$(jar $role)" -H "X-CSRF-Token: $(eval echo \$csrf_$role)" \
				-H "Content-Type: application/json" -d "{}" "$url$p"); fi
			if [ "$1" = 403 ]; then expect_eq "$code" 403; else [ "$code" != 403 ] || fail "$method $p as $role (session): 403"; fi
			shift
		done
	done <rows
'

t "a steward of another project reaches none of HY: its unit, case, receipt, proof, lists" '
	for p in /units/$U /units/$U/proofs/$P /cases/$C /cases/$C/proofs/$P /receipts/HY-000001 \
		"/units?project=HY" "/cases?project=HY" "/exports?project=HY" "/reports?project=HY" "/?project=HY"; do
		code=$(curl -s -o page -w "%{http_code}" -b "$(jar qin)" "$url$p")
		case "$code" in 403|404) ;; *) fail "GET $p as the QT steward: $code" ;; esac
		lacks page 王伟
	done
	state >before
	for p in /contact/$U /cases/$C/plan /cases/$C/complaint /cases/notices /exports/units; do
		code=$(curl -s -o page -w "%{http_code}" -b "$(jar qin)" -d "csrf=$csrf_qin" -d project=HY \
			-d channel=phone -d result=reached -d note=x -d installments=2 -d first=2026-08-01 -d category=noise "$url$p")
		case "$code" in 403|404) ;; *) fail "POST $p as the QT steward: $code" ;; esac
	done
	for p in /api/v1/units/$U /api/v1/units/$U/account /api/v1/cases/$C /api/v1/cases/$C/contacts "/api/v1/units?project=HY" \
		"/api/v1/cases?project=HY"; do
		code=$(curl -s -o page -w "%{http_code}" -H "Authorization: Bearer $tok_qin" "$url$p")
		case "$code" in 403|404) ;; *) fail "GET $p with the QT steward'"'"'s token: $code" ;; esac
	done
	code=$(curl -s -o page -w "%{http_code}" -H "Authorization: Bearer $tok_qin" -H "Content-Type: application/json" \
		-d "{\"unit\": $U, \"channel\": \"phone\", \"result\": \"reached\", \"note\": \"x\"}" "$url/api/v1/contacts")
	case "$code" in 403|404) ;; *) fail "POST /api/v1/contacts about HY with the QT steward'"'"'s token: $code" ;; esac
	state >after
	diff before after >changed || fail "the QT steward changed HY: $(head changed)"
	# and the other way round: HY'"'"'s steward, QT'"'"'s unit, case and receipt
	for p in /units/$UQ /cases/$CQ /receipts/QT-000001 "/units?project=QT"; do
		code=$(curl -s -o page -w "%{http_code}" -b "$(jar steward)" "$url$p")
		case "$code" in 403|404) ;; *) fail "GET $p as the HY steward: $code" ;; esac
		lacks page 赵六
	done
	# she still reaches her own: the refusals above were for the project, not the role
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b "$(jar qin)" "$url/units/$UQ")" 200
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b "$(jar qin)" "$url/receipts/QT-000001")" 200
'

t "a stale, forged or foreign session is nobody: pages go to /login, the API says 401" '
	expect_eq "$(curl -s -o /dev/null -w "%{http_code} %{redirect_url}" -b "wuye_session=$(printf "%064d" 7)" "$url/units")" \
		"303 $url/login?next=%2Funits"
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -H "Authorization: Bearer not-a-token" "$url/api/v1/tasks")" 401
	# a session cookie is not an API token, nor the other way round
	sess=$(sed -n "s/.*wuye_session[[:space:]]*\([0-9a-f]*\)$/\1/p" "$(jar admin)")
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -H "Authorization: Bearer $sess" "$url/api/v1/tasks")" 401
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b "wuye_session=$tok_admin" "$url/")" 303
'

stop_server SRV
t "the server stopped cleanly" 'expect_eq "$SERVER_EXIT" 0'

done_testing
