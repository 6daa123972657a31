# dashboard.bench.sh: the whole company's dashboard (GET / as an admin's session) on the
# large database, with wrk (one thread, its default 10 connections, on the other core)
# against `wuye serve --threads 1` on one core; the baseline is nginx with one worker on
# the same core serving the same page as a static file, in the same run.  No goal.
. "$here/web.sh" || exit 1
web_db || exit 1
echo "bench-pass-1" | "$WUYE_BIN" staff add bench-admin 基准管理员 --role admin --project HYA --password-stdin \
	--db "$WEB_DB" >/dev/null || exit 1
web_start || exit 1
# log in as the browser does: the form's token, then the POST; keep the session cookie
csrf=$(curl -s -c "$WORK/jar" "$WEB_URL/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
curl -s -o /dev/null -b "$WORK/jar" -c "$WORK/jar" --data-urlencode login=bench-admin --data-urlencode password=bench-pass-1 \
	-d "csrf=$csrf" -d next=/ "$WEB_URL/login"
session=$(awk '$6 == "wuye_session" { print $7 }' "$WORK/jar")
[ -n "$session" ] || { echo "bench: the log-in failed" >&2; web_stop; exit 1; }
code=$(curl -s -o "$WORK/dashboard.html" -w "%{http_code}" -H "Cookie: wuye_session=$session" "$WEB_URL/")
[ "$code" = 200 ] || { echo "bench: the dashboard answered $code" >&2; web_stop; exit 1; }
cat >"$WORK/dashboard.lua" <<LUA
request = function()
	return wrk.format("GET", "/", { ["Cookie"] = "wuye_session=$session" })
end
LUA
wrk_run "$WEB_URL" "$WORK/dashboard.lua" || { web_stop; exit 1; }
ours=$RPS ours_p99=$P99_MS rss=$(peak_rss_mib "$WEB_PID")
web_stop
nginx_start "$WORK/dashboard.html" text/html || exit 1
wrk_run "$NGX_URL" "$WORK/dashboard.lua" || { nginx_stop; exit 1; }
base=$RPS base_p99=$P99_MS
nginx_stop
echo "dashboard page of $(wc -c <"$WORK/dashboard.html") bytes: ours p99 ${ours_p99} ms; nginx p99 ${base_p99} ms"
bench_line dashboard none none "$ours" req/s "$base" req/s "$rss"
echo "INFO dashboard p99=${ours_p99}ms goal=none baseline_p99=${base_p99}ms connections=$WRK_CONNECTIONS"
# the copy of the large database is not needed after the web benchmarks
rm -f "$WORK"/web.db*
