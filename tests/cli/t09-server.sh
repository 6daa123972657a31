#!/usr/bin/env bash
# t09-server.sh: `wuye serve` over real HTTP: health and metrics, log-in, sessions,
# CSRF, lock-out, security headers, bad requests, the job thread, graceful stop.
. "$(dirname "$0")/lib.sh"
new_db

wuye project add HY 华苑 >/dev/null
wuye project add QT 其他小区 >/dev/null
echo "zhang-pass-1" | wuye staff add zhang 张楼管 --role steward --project HY --password-stdin >/dev/null
echo "cai-pass-12" | wuye staff add cai 蔡收银 --role cashier --project HY --password-stdin >/dev/null
start_server SRV
url="http://127.0.0.1:$SRV"

login() { web_login "$url" "$1" "$2" "$3"; }
csrf_of() { web_csrf "$url" "$1"; }

t "health and metrics answer without a log-in" '
	expect_eq "$(curl -s "$url/healthz")" ok
	curl -s "$url/metrics" >m
	contains m "# TYPE wuye_http_requests_total counter"
	contains m "wuye_http_requests_total{route=\"healthz\",status=\"2xx\"} 1"
	contains m "wuye_http_request_duration_seconds_bucket{le=\"+Inf\"}"
'

t "a page needs a log-in; the log-in form comes back to it" '
	expect_eq "$(curl -s -o /dev/null -w "%{http_code} %{redirect_url}" "$url/")" "303 $url/login?next=%2F"
	curl -s "$url/login" >page
	contains page "name=\"login\""
	contains page "autocomplete=\"current-password\""
'

t "logging in sets a session cookie that scripts cannot read and other sites cannot send" '
	csrf=$(curl -s -c pre "$url/login" | sed -n "s/.*name=\"csrf\" value=\"\([0-9a-f]*\)\".*/\1/p")
	curl -s -D headers -o /dev/null -b pre -d "login=zhang&password=zhang-pass-1&next=/&csrf=$csrf" "$url/login"
	contains headers "HTTP/1.1 303"
	grep -i "^set-cookie: wuye_session=[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200" headers
	expect_eq "$(sql "SELECT COUNT(*) FROM web_session")" 1
	# only the token'"'"'s hash is stored
	token=$(sed -n "s/^set-cookie: wuye_session=\([0-9a-f]*\).*/\1/ip" headers | tr -d "\r")
	expect_eq "$(sql "SELECT COUNT(*) FROM web_session WHERE token_hash = '"'"'$token'"'"'")" 0
'

t "the console answers with the security headers" '
	login zhang zhang-pass-1 jar >/dev/null
	curl -s -D headers -o /dev/null -b jar "$url/"
	contains headers "HTTP/1.1 200"
	grep -qi "^x-frame-options: DENY" headers
	grep -qi "^x-content-type-options: nosniff" headers
	grep -qi "^content-security-policy: default-src '"'"'self'"'"'" headers
	grep -qi "^cache-control: no-store" headers
'

t "a POST without the session's CSRF token is refused, with it it goes through" '
	login zhang zhang-pass-1 jar >/dev/null
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b jar -X POST "$url/logout")" 403
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b jar -d "csrf=0000" "$url/logout")" 403
	csrf=$(csrf_of jar)
	expect_eq "${#csrf}" 64
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b jar -H "X-CSRF-Token: $csrf" -X POST "$url/logout")" 303
	# the session is gone
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b jar "$url/")" 303
'

t "five wrong passwords lock the login for 15 minutes, even for the right one" '
	for i in 1 2 3 4 5; do expect_eq "$(login cai wrong-pass x)" 401; done
	expect_eq "$(login cai cai-pass-12 x)" 429
	csrf=$(curl -s -c pre "$url/login" | sed -n "s/.*name=\"csrf\" value=\"\([0-9a-f]*\)\".*/\1/p")
	curl -s -b pre -d "login=cai&password=cai-pass-12&csrf=$csrf" "$url/login" >page
	contains page "15"
	# another login is not locked
	expect_eq "$(login zhang zhang-pass-1 y)" 303
'

t "a log-in without the form's token is refused (no log-in CSRF)" '
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -d "login=zhang&password=zhang-pass-1" "$url/login")" 403
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b "wuye_login_csrf=$(printf "%064d" 0)" -d "login=zhang&password=zhang-pass-1&csrf=$(printf "%064d" 1)" "$url/login")" 403
'

t "unknown logins and wrong passwords get the same answer" '
	expect_eq "$(login nobody whatever-1 x)" 401
	csrf=$(curl -s -c pre "$url/login" | sed -n "s/.*name=\"csrf\" value=\"\([0-9a-f]*\)\".*/\1/p")
	curl -s -b pre -d "login=nobody&password=whatever-1&csrf=$csrf" "$url/login" >a
	curl -s -b pre -d "login=zhang&password=whatever-1&csrf=$csrf" "$url/login" >b
	expect_eq "$(grep -o "field-error[^<]*<" a)" "$(grep -o "field-error[^<]*<" b)"
'

t "bad requests: unknown paths, wrong methods, broken addresses, an open redirect" '
	login zhang zhang-pass-1 jar >/dev/null
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b jar "$url/no/such/page")" 404
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b jar -X DELETE "$url/login")" 405
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" --path-as-is "$url/assets/%zz")" 400
	csrf=$(curl -s -c pre "$url/login" | sed -n "s/.*name=\"csrf\" value=\"\([0-9a-f]*\)\".*/\1/p")
	expect_eq "$(curl -s -o /dev/null -w "%{redirect_url}" -b pre -d "login=zhang&password=zhang-pass-1&next=//evil.example/x&csrf=$csrf" "$url/login")" "$url/"
'

t "the embedded assets are served" '
	expect_eq "$(curl -s -o /dev/null -w "%{http_code} %{content_type}" "$url/assets/htmx.min.js")" "200 text/javascript; charset=utf-8"
	curl -s "$url/assets/app.css" | grep -q "min-width: 800px"
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" "$url/assets/nothing.js")" 404
'

t "the language follows the switch" '
	login zhang zhang-pass-1 jar >/dev/null
	curl -s -b jar "$url/" | grep -q "退出"
	curl -s -b jar -c jar -o /dev/null "$url/lang?to=en"
	curl -s -b jar "$url/" | grep -q "Log out"
'

stop_server SRV
t "SIGTERM: the server stops cleanly and exits 0" '
	expect_eq "$SERVER_EXIT" 0
	contains "$SCRATCH/server-SRV.err" "stopping"
'

done_testing
