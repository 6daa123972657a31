# api-account.bench.sh: GET /api/v1/units/{id}/account for random units of the large
# database (1,000,000 units, 12 months of books), token-authenticated, with wrk (one
# thread, its default 10 connections, on the other core) against `wuye serve --threads 1`
# on one core; the baseline is nginx with one worker on the same core serving a static JSON
# file of the same size as the accounts (the mean of 200 random units), the same wrk
# script, in the same run.  Both without an access log.  Rates: ratio = nginx ÷ ours.
. "$here/web.sh" || exit 1
web_db || exit 1
token=$("$WUYE_BIN" token add admin --name bench --db "$WEB_DB") || exit 1
units=$(sqlite3 "$WEB_DB" "SELECT MAX(id) FROM unit")
cat >"$WORK/account.lua" <<LUA
math.randomseed(os.time())
local auth = "Bearer $token"
request = function()
	return wrk.format("GET", "/api/v1/units/" .. math.random(1, $units) .. "/account", { ["Authorization"] = auth })
end
LUA
web_start || exit 1
# the baseline's file: the account whose size is nearest the mean of 200 random units
for i in $(seq 1 200); do
	id=$(( (RANDOM * 32768 + RANDOM) % units + 1 ))
	curl -s -H "Authorization: Bearer $token" -o "$WORK/a.$i.json" -w "%{size_download} $i\n" "$WEB_URL/api/v1/units/$id/account"
done >"$WORK/sizes"
mean=$(awk '{ s += $1 } END { printf "%.0f", s / NR }' "$WORK/sizes")
pick=$(awk -v m="$mean" '{ d = $1 - m; if (d < 0) d = -d; if (best == "" || d < best) { best = d; i = $2 } } END { print i }' "$WORK/sizes")
wrk_run "$WEB_URL" "$WORK/account.lua" || { web_stop; exit 1; }
ours=$RPS ours_p99=$P99_MS ours_reqs=$REQS rss=$(peak_rss_mib "$WEB_PID")
web_stop
nginx_start "$WORK/a.$pick.json" application/json || exit 1
wrk_run "$NGX_URL" "$WORK/account.lua" || { nginx_stop; exit 1; }
base=$RPS base_p99=$P99_MS
nginx_stop
rm -f "$WORK"/a.*.json
echo "accounts of $units units, mean $mean bytes: ours $ours_reqs requests in ${WRK_SECONDS}s, p99 ${ours_p99} ms; nginx p99 ${base_p99} ms"
bench_line api-account "$(ratio "$base" "$ours")" 3.00 "$ours" req/s "$base" req/s "$rss"
echo "INFO api-account p99=${ours_p99}ms goal=<5.00ms baseline_p99=${base_p99}ms connections=$WRK_CONNECTIONS"
