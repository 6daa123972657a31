#!/usr/bin/env bash
# t17-hostile.sh: CSRF and hostile input against the real server.
#
# Every POST of src/web/routes.c made with a session (all but the log-in form and the
# gateways' hook) is refused without the session's CSRF token, or with another session's,
# and changes nothing; five wrong passwords lock a login, the right one included; and
# hostile text in the console's text fields (a contact note, a project's and a building's
# name, a staff member's name, the search box, a write-off's reason and a decision's note,
# an uploaded file's name) is either refused with the error next to the field and nothing
# stored (invalid UTF-8, a NUL, 10,000 characters), or stored exactly as typed and shown
# back escaped, never as markup; the database passes `wuye check` at the end.
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$TEST_DIR/../.." && pwd)
new_db

TODAY=2026-07-20
wuye project add HY 华苑小区 >/dev/null
wuye import units "$FIX/units_utf8.csv" --project HY >/dev/null
cid=$(wuye contract add --project HY --name 物业服务合同 --from 2026-01-01 --late-daily 0.0003)
wuye tariff add --contract "$cid" --item 物业费 --basis unit --rate 100 --due-day 15 >/dev/null
for m in 05 06 07; do wuye bill --project HY --period 2026-$m --today 2026-$m-01 >/dev/null; done
wuye dun --project HY --today $TODAY >/dev/null
staff() { echo "$4" | wuye staff add "$1" "$2" --role "$3" $([ "$3" = admin ] || echo --project HY) --password-stdin >/dev/null; }
staff boss 老板 admin boss-pass-12
staff li 李经理 manager li-pass-123
staff ma 马经理 manager ma-pass-123
staff zhang 张楼管 steward zhang-pass-1
staff fa 王法务 legal fa-pass-123
staff cai 蔡收银 cashier cai-pass-12
staff lock1 锁一 service lock1-pass-1
staff lock2 锁二 service lock2-pass-1
wuye staff add victim 被停用 --role steward --project HY >/dev/null
wuye pay HY/3-2-1202 100 --channel cash --today $TODAY --as cai >/dev/null
WO=$(wuye complaint HY/12--0301 --category repair --note 漏水 --today $TODAY --as zhang)
wuye writeoff HY/3-2-1202 --reason 无法联系 --today $TODAY --as fa >/dev/null

unit_id() { sql "SELECT u.id FROM unit u JOIN building b ON b.id = u.building_id
	WHERE b.code || '-' || u.entrance || '-' || u.room = '$1'"; }
U=$(unit_id 3-2-1201) U2=$(unit_id 12--0301)
C=$(wuye case HY/3-2-1201 --today $TODAY --format json | jq .id)
C2=$(wuye case HY/12--0301 --today $TODAY --format json | jq .id)
A=$(sql "SELECT MAX(id) FROM request")
S=$(sql "SELECT id FROM staff WHERE login = 'victim'")

start_server SRV --today $TODAY --fixed-today
url="http://127.0.0.1:$SRV"
jar() { echo "$SCRATCH/jar-$1"; }
for who in "boss boss-pass-12" "li li-pass-123" "ma ma-pass-123" "zhang zhang-pass-1" "fa fa-pass-123"; do
	set -- $who
	[ "$(web_login "$url" "$1" "$2" "$(jar $1)")" = 303 ] || echo "FAIL - $TEST_NAME: $1 cannot log in"
	curl -s -o /dev/null -b "$(jar $1)" -c "$(jar $1)" "$url/lang?to=en"
	printf -v "csrf_$1" '%s' "$(web_csrf "$url" "$(jar $1)")"
done
set --
# the admin's second session (another browser): its token is not the first one's
web_login "$url" boss boss-pass-12 "$(jar boss2)" >/dev/null
csrf_boss2=$(web_csrf "$url" "$(jar boss2)")

# The database as a text, less the sessions (each request moves their last-seen time).
state() {
	if [ -n "${WUYE_TEST_PG:-}" ]; then
		pg_dump -a -O --exclude-table=web_session "$WUYE_DB" | grep -v -e '^--' -e '^\\restrict ' -e '^\\unrestrict '
	else
		sqlite3 "$WUYE_DB" .dump | grep -v '^INSERT INTO web_session\b'
	fi
}
unchanged() { state >after; diff before after >changed || fail "$1 changed the database: $(head -20 changed)"; }

# The POST routes of routes.c that a session makes: "PATTERN" a line (an entry may span
# lines: joined first); the log-in form and the hook (F_NO_CSRF) have no session.
awk '/^[[:space:]]*\{ "/ { e = $0; while (e !~ /\},[[:space:]]*$/ && (getline l) > 0) e = e " " l; print e }' \
	"$SRC/src/web/routes.c" | grep '{ "POST"' | grep -v F_NO_CSRF | sed 's/^[[:space:]]*{ "POST", "\([^"]*\)".*/\1/' >posts
# fill PATTERN: a real path (a capture the test does not know is a failure, not a skip)
fill() {
	local p=$1
	case "$p" in
	/cashier/\{id\}*) p=${p/\{id\}/$U} ;;
	/cases/\{id\}*) p=${p/\{id\}/$C} ;;
	/approvals/\{id\}*) p=${p/\{id\}/$A} ;;
	/settings/staff/\{id\}*) p=${p/\{id\}/$S} ;;
	esac
	p=${p/\{unit\}/$U} p=${p/\{no\}/HY-000001} p=${p/\{wo\}/$WO}
	case "$p" in *\{*) echo "FAIL: no id for $1" >&2; return 1 ;; esac
	printf '%s' "$p"
}
# a body that, with the right token, would do something at most of these addresses
FIELDS=(project=HY channel=visit result=reached note=csrf-probe reason=csrf-probe decision=approve until=2026-08-01
	installments=2 first=2026-08-01 every=month category=noise done=fixed step=lawyer stage=mediation day=2026-07-20
	cost=10 outcome=x building=3 batch=1 period=2026-08 name=csrf-probe new_code=ZZ new_name=csrf-probe code=Z9
	building_name=x login=csrfprobe role=steward projects=HY password=csrf-probe-1 item_name=csrf item_kind=other
	tax_rate=6 contract_name=csrf from=2026-08-01 amount=1.00 month=2026-08 rate=90)
form_args() { local f; for f in "${FIELDS[@]}"; do printf -- '--data-urlencode\n%s\n' "$f"; done; }
mapfile -t FORM < <(form_args)
csrf_refusal() { grep -q "CSRF" page || fail "$1: 403 but not for the CSRF token: $(head -c 300 page)"; }

t "every POST made with a session is refused without its CSRF token or with another's, and changes nothing" '
	[ "$(wc -l <posts)" -ge 40 ] || fail "routes.c was not read: $(wc -l <posts) POST routes"
	state >before
	n=0
	while read -r pattern; do
		p=$(fill "$pattern")
		# no token at all
		expect_eq "$(curl -s -o page -w "%{http_code}" -b "$(jar boss)" "${FORM[@]}" "$url$p")" 403; csrf_refusal "$p"
		# another session'"'"'s token, in the form and in the header htmx sends
		expect_eq "$(curl -s -o page -w "%{http_code}" -b "$(jar boss)" "${FORM[@]}" --data-urlencode "csrf=$csrf_boss2" "$url$p")" 403
		csrf_refusal "$p"
		expect_eq "$(curl -s -o page -w "%{http_code}" -b "$(jar boss)" -H "X-CSRF-Token: $csrf_zhang" -H "HX-Request: true" \
			"${FORM[@]}" "$url$p")" 403
		csrf_refusal "$p"
		# an empty token, and the right one cut short
		expect_eq "$(curl -s -o page -w "%{http_code}" -b "$(jar boss)" "${FORM[@]}" -d "csrf=" "$url$p")" 403
		expect_eq "$(curl -s -o page -w "%{http_code}" -b "$(jar boss)" "${FORM[@]}" -d "csrf=${csrf_boss:0:63}" "$url$p")" 403
		n=$((n + 1))
	done <posts
	# the JSON API'"'"'s POSTs with a session cookie (no token): the same rule
	for p in /api/v1/payments /api/v1/contacts; do
		expect_eq "$(curl -s -o page -w "%{http_code}" -b "$(jar boss)" -H "Content-Type: application/json" \
			-d "{\"unit\": $U, \"amount\": \"1.00\", \"channel\": \"cash\", \"result\": \"reached\"}" "$url$p")" 403
	done
	unchanged "a POST without its CSRF token"
	expect_eq "$n" "$(wc -l <posts)"
	# the token itself works: the probe is not refused for something else
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b "$(jar li)" --data-urlencode "csrf=$csrf_li" -d project=HY \
		-d code=CS1 "$url/settings/buildings")" 303
	expect_eq "$(sql "SELECT COUNT(*) FROM building WHERE code = '"'"'CS1'"'"'")" 1
'

# login_try LOGIN PASSWORD: a log-in as the browser does it; prints the status, the page in ./page
login_try() {
	local lj="$SCRATCH/login-jar" tok
	tok=$(curl -s -c "$lj" "$url/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
	curl -s -o page -w '%{http_code}' -b "$lj" -H "Accept-Language: en" --data-urlencode "login=$1" \
		--data-urlencode "password=$2" -d "csrf=$tok" "$url/login"
}

t "five wrong passwords lock the login, the right one included; four do not" '
	for i in 1 2 3 4; do expect_eq "$(login_try lock1 wrong-pass-$i)" 401; done
	expect_eq "$(login_try lock1 lock1-pass-1)" 303
	sessions=$(sql "SELECT COUNT(*) FROM web_session")
	for i in 1 2 3 4 5; do expect_eq "$(login_try lock2 wrong-pass-$i)" 401; done
	expect_eq "$(login_try lock2 lock2-pass-1)" 429
	grep -q "field-error" page || fail "the lock is not said next to the form"
	lacks page "lock2-pass-1"
	expect_eq "$(login_try lock2 lock2-pass-1)" 429
	expect_eq "$(sql "SELECT COUNT(*) FROM web_session")" "$sessions"
	# a hostile login name is only a wrong login
	expect_eq "$(login_try "<script>alert(1)</script>" x-pass-12345)" 401
	lacks page "<script>alert"
'

# The hostile values: three are text a person could type and are kept as typed; three
# are refused wherever they are typed.
KINDS="script img sql long badutf8 nul"
LONG=$(printf '长%.0s' $(seq 1 10000))
val() {
	case $1 in
	script) printf '%s' '<script>alert(1)</script>' ;;
	img) printf '%s' '"><img src=x onerror=alert(1)>' ;;
	sql) printf '%s' "'; DROP TABLE unit; --" ;;
	long) printf '%s' "$LONG" ;;
	esac
}
escaped() {
	case $1 in
	script) printf '%s' '&lt;script&gt;alert(1)&lt;/script&gt;' ;;
	img) printf '%s' '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;' ;;
	sql) printf '%s' '&#39;; DROP TABLE unit; --' ;;
	esac
}
# the curl arguments that send FIELD with the hostile value KIND
hostile_arg() {
	case $2 in
	badutf8) printf -- '-d\n%s=ab%%FF%%FEcd\n' "$1" ;;
	nul) printf -- '-d\n%s=ab%%00cd\n' "$1" ;;
	*) printf -- '--data-urlencode\n%s=%s\n' "$1" "$(val $2)" ;;
	esac
}
sqlq() { local v=$1; printf "'%s'" "${v//\'/\'\'}"; }
# markup of ours never comes from what was typed; invalid bytes never reach a page
clean() {
	if grep -q "<script>alert" "$1"; then fail "$2: a raw <script> came back"; fi
	if grep -q "<img src=x" "$1"; then fail "$2: a raw <img> came back"; fi
	if LC_ALL=C grep -q $'\xff\xfe' "$1"; then fail "$2: invalid UTF-8 came back"; fi
	return 0
}
get() { curl -s -o page -w '%{http_code}' -b "$(jar $1)" "$url$2"; }

# try WHO PATH FIELD KIND STORED SHOW [FIELD=VALUE...]: POSTs FIELD=hostile KIND with the
# other fields; STORED is a query counting the rows that hold the value exactly (@V),
# SHOW the page that shows it (as WHO, or as X with "X:PATH").  Text is stored and shown escaped, or refused
# with its error next to the field; the rest is refused, and nothing changes.
try() {
	local who=$1 path=$2 field=$3 kind=$4 stored=$5 show=$6 code tok args f
	shift 6
	tok=$(eval echo \$csrf_$who)
	mapfile -t args < <(hostile_arg "$field" "$kind")
	for f in "$@"; do args+=(--data-urlencode "$f"); done
	state >before
	code=$(curl -s -o page -w '%{http_code}' -b "$(jar $who)" --data-urlencode "csrf=$tok" "${args[@]}" "$url$path")
	clean page "$path $field=$kind"
	case $kind in
	long|badutf8|nul)
		[ "$code" = 400 ] || fail "$path $field=$kind: $code, expected 400"
		grep -q "id=\"err-$field\"" page || fail "$path $field=$kind: no error next to the field"
		unchanged "$path $field=$kind" ;;
	*)
		case "$code" in
		200|303)
			[ "$(sql "${stored//@V/$(sqlq "$(val $kind)")}")" -ge 1 ] || fail "$path $field=$kind: not stored as typed"
			local as=$who
			case "$show" in *:/*) as=${show%%:*} show=${show#*:} ;; esac
			[ "$(get $as "$show")" = 200 ] || fail "$show: not shown"
			clean page "$show after $field=$kind"
			grep -qF -- "$(escaped $kind)" page || fail "$show: the $kind value of $field is not shown escaped" ;;
		400)
			grep -q "id=\"err-$field\"" page || fail "$path $field=$kind: refused without an error next to the field"
			unchanged "$path $field=$kind" ;;
		*) fail "$path $field=$kind: $code" ;;
		esac ;;
	esac
	return 0
}

t "a contact note: kept as typed and shown escaped, or refused next to the field" '
	for k in $KINDS; do
		try zhang /contact/$U note $k "SELECT COUNT(*) FROM contact WHERE note = @V" "/cases/$C" channel=visit result=reached
	done
	expect_eq "$(get zhang /units/$U)" 200
	clean page "the unit page"
'

t "a project's name and a building's name" '
	for k in $KINDS; do
		try boss /settings/project name $k "SELECT COUNT(*) FROM project WHERE name = @V" "/settings?project=HY" \
			project=HY billing_day=5
	done
	i=0
	for k in $KINDS; do
		i=$((i + 1))
		try li /settings/buildings building_name $k "SELECT COUNT(*) FROM building WHERE name = @V" \
			"/settings/buildings?project=HY" project=HY code=H$i
	done
	for p in "/?project=HY" "/units?project=HY" "/settings/buildings?project=HY"; do
		expect_eq "$(get li "$p")" 200
		clean page "$p"
	done
'

t "a staff member's name" '
	i=0
	for k in $KINDS; do
		i=$((i + 1))
		try li /settings/staff name $k "SELECT COUNT(*) FROM staff WHERE name = @V" "/settings/staff?project=HY" \
			project=HY login=host$i role=steward projects=HY password=hostile-pass-1
	done
'

# (a query string over 8 KB is closed by the HTTP layer (h2o) without an answer: the long
# search is 800 characters, 7 KB encoded, far over the box's cap)
t "the search box: the query shown back escaped, or refused next to the box" '
	for k in $KINDS; do
		case $k in
		badutf8) q="ab%FF%FEcd" ;;
		nul) q="ab%00cd" ;;
		long) q=$(jq -rn --arg v "${LONG:0:800}" "\$v|@uri") ;;
		*) q=$(jq -rn --arg v "$(val $k)" "\$v|@uri") ;;
		esac
		code=$(get zhang "/units?project=HY&q=$q")
		clean page "/units?q=$k"
		case $k in
		long|badutf8|nul)
			case "$code" in 200|400|422) ;; *) fail "/units?q=$k: $code" ;; esac
			grep -q "id=\"err-q\"" page || fail "/units?q=$k: no error next to the box" ;;
		*)
			expect_eq "$code" 200
			grep -qF -- "$(escaped $k)" page || fail "/units?q=$k: not shown back escaped" ;;
		esac
	done
'

t "a write-off's reason and the note of its decision" '
	for k in $KINDS; do
		try fa /cases/$C2/writeoff reason $k "SELECT COUNT(*) FROM request WHERE reason = @V" "ma:/approvals?project=HY"
		r=$(sql "SELECT MAX(q.id) FROM request q WHERE q.kind = '"'"'writeoff'"'"' AND NOT EXISTS (SELECT 1 FROM decision d WHERE d.request_id = q.id)")
		try ma /approvals/$r note $k "SELECT COUNT(*) FROM decision WHERE note = @V" "/approvals?project=HY&state=all" \
			decision=reject
	done
	expect_eq "$(get ma "/approvals?project=HY&state=all")" 200
	clean page "the approvals"
'

# upload KIND: the units template uploaded under the hostile file name KIND (raw bytes
# in the part's header, as a browser sends them); prints the status
upload() {
	local name
	case $1 in
	badutf8) name=$'ab\xff\xfecd.csv' ;;
	nul) name=$'ab' ;; # bash cannot hold a NUL: written into the body below
	*) name="$(val $1).csv" ;;
	esac
	{
		printf -- '--XyZ\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n%s\r\n' "$csrf_li"
		printf -- '--XyZ\r\nContent-Disposition: form-data; name="project"\r\n\r\nHY\r\n'
		printf -- '--XyZ\r\nContent-Disposition: form-data; name="file_units"; filename="%s' "${name//\"/%22}"
		[ $1 = nul ] && printf 'x\0y.csv'
		printf -- '"\r\nContent-Type: text/csv\r\n\r\n'
		printf '楼栋,单元,房号,面积,状态,业主,电话\n7,1,701,80,已入住,新业主,13700000009\n'
		printf -- '\r\n--XyZ--\r\n'
	} >body
	curl -s -o page -w '%{http_code}' -b "$(jar li)" -H "Content-Type: multipart/form-data; boundary=XyZ" \
		--data-binary @body "$url/imports/units"
}

t "an uploaded file's name: kept as given or replaced by a plain one, and shown escaped" '
	for k in $KINDS; do
		n=$(sql "SELECT COUNT(*) FROM web_upload")
		code=$(upload $k)
		clean page "upload named $k"
		if [ $k = nul ]; then
			# a NUL in a part'"'"'s header: the part is refused, the error at the file field
			expect_eq "$code" 400
			contains page "id=\"err-file_units\""
			expect_eq "$(sql "SELECT COUNT(*) FROM web_upload")" "$n"
			continue
		fi
		case "$code" in 200|303) ;; *) fail "upload named $k: $code" ;; esac
		last=$(sql "SELECT filename FROM web_upload ORDER BY created_at DESC, rowid DESC LIMIT 1" 2>/dev/null ||
			sql "SELECT filename FROM web_upload ORDER BY created_at DESC LIMIT 1")
		case $k in
		script|img|sql)
			# the base name (a browser may send a path), as sent
			sent=$(val $k).csv sent=${sent//\"/%22}
			[ "$last" = "${sent##*/}" ] || [ "$last" = upload-units ] || fail "upload named $k stored as [$last]" ;;
		*) expect_eq "$last" upload-units ;;
		esac
	done
	expect_eq "$(get li "/imports?project=HY")" 200
	clean page "the imports page"
	contains page "script&gt;.csv"
	contains page "%22&gt;&lt;img src=x onerror=alert(1)&gt;.csv"
'

t "after all of it the database is whole, and the typed text was kept where text is kept" '
	for q in "contact WHERE note" "building WHERE name" "staff WHERE name" "request WHERE reason" "decision WHERE note"; do
		for k in script img sql; do
			[ "$(sql "SELECT COUNT(*) FROM $q = $(sqlq "$(val $k)")")" -ge 1 ] || fail "$q: the $k value was not kept"
		done
	done
	expect_eq "$(sql "SELECT name FROM project WHERE code = '"'"'HY'"'"'")" "$(val sql)"
	expect_eq "$(sql "SELECT COUNT(*) FROM unit WHERE room = '"'"'1201'"'"'")" 1
	wuye check >/dev/null
	expect_eq "$(curl -s "$url/healthz")" ok
'

stop_server SRV
t "the server stopped cleanly" 'expect_eq "$SERVER_EXIT" 0'

done_testing
