# unit-search.bench.sh: 房屋与业主's search over HTTP on the large database: `wuye serve
# --threads 1` on one core, wrk (one thread, one connection) on the other, cycling through
# 100 searches of project P02 (25,000 units): 40 rooms (3-2-1201), 15 full owner names,
# 15 single characters of names (hundreds of matches, the first 50 shown) and 30 four-digit
# parts of phone numbers.  No baseline: it reports requests/s and the p99 latency.  The
# plain way it replaces -- each unit of the project joined to its owners for a name or
# number -- is timed in the sqlite3 shell for the same name and number queries, for
# comparison (printed, not a ratio: it lists nothing).
command -v wrk >/dev/null || { echo "BENCH unit-search ratio=none goal=none skipped: wrk is not installed"; exit 0; }
# BENCH_SEARCH_DB=PATH uses that copy of the large database as it is (kept afterwards).
if [ -n "${BENCH_SEARCH_DB:-}" ]; then
	db=$BENCH_SEARCH_DB
else
	. "$here/big-db.sh"
	db=$WORK/search.db
	cp "$BIG_DB" "$db" && sync || exit 1
fi
"$WUYE_BIN" init --db "$db" >/dev/null || exit 1
sqlite3 "$db" "SELECT 1 FROM staff WHERE login = 'benchsearch'" | grep -q 1 ||
	echo "bench-pass-1" | "$WUYE_BIN" staff add benchsearch 基准 --role manager --project P02 --password-stdin --db "$db" >/dev/null ||
	exit 1
pid=$(sqlite3 "$db" "SELECT id FROM project WHERE code = 'P02'")

# the searches, as paths
{
	sqlite3 "$db" "SELECT b.code || '-' || u.entrance || '-' || u.room FROM unit u JOIN building b ON b.id = u.building_id
		WHERE u.project_id = $pid ORDER BY (u.id * 7919) % 25013 LIMIT 40"
	sqlite3 "$db" "SELECT p.name FROM ownership o JOIN unit u ON u.id = o.unit_id JOIN party p ON p.id = o.party_id
		WHERE u.project_id = $pid AND p.kind = 'person' ORDER BY (u.id * 104729) % 25013 LIMIT 15"
	sqlite3 "$db" "SELECT substr(p.name, 2, 1) FROM ownership o JOIN unit u ON u.id = o.unit_id JOIN party p ON p.id = o.party_id
		WHERE u.project_id = $pid AND p.kind = 'person' ORDER BY (u.id * 1299709) % 25013 LIMIT 15"
} >"$WORK/terms"
sqlite3 "$db" "SELECT substr(pp.phone, 6, 4) FROM ownership o JOIN unit u ON u.id = o.unit_id JOIN party_phone pp ON pp.party_id = o.party_id
	WHERE u.project_id = $pid ORDER BY (u.id * 15485863) % 25013 LIMIT 30" >"$WORK/digits"
cat "$WORK/terms" "$WORK/digits" | while IFS= read -r q; do
	printf '/units?project=P02&q=%s\n' "$(printf %s "$q" | jq -sRr @uri)"
done >"$WORK/paths"

"$WUYE_BIN" serve --db "$db" --listen 127.0.0.1:0 --threads 1 --no-jobs --today 2026-11-27 --fixed-today \
	--access-log none 2>"$WORK/serve.err" &
server=$!
taskset -pc 0 "$server" >/dev/null 2>&1
port=""
for i in $(seq 1 100); do
	port=$(sed -n 's|^wuye: serving http://[^:]*:\([0-9]*\)/.*|\1|p' "$WORK/serve.err" | head -1)
	[ -n "$port" ] && break
	sleep 0.1
done
url="http://127.0.0.1:$port"
csrf=$(curl -s -c "$WORK/jar" "$url/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
curl -s -o /dev/null -b "$WORK/jar" -c "$WORK/jar" -d "login=benchsearch&password=bench-pass-1&csrf=$csrf&next=/" "$url/login"
cookie="wuye_session=$(awk '$6 == "wuye_session" { print $7 }' "$WORK/jar")"
# warm the caches, and check that searches find units
found=0
while IFS= read -r p; do
	curl -s -b "$WORK/jar" "$url$p" | grep -q '<strong>P02/' && found=$((found + 1))
done <"$WORK/paths"
cat >"$WORK/search.lua" <<'LUA'
local paths, i = {}, 0
for line in io.lines(os.getenv("SEARCH_PATHS")) do paths[#paths + 1] = line end
request = function()
	i = i % #paths + 1
	return wrk.format("GET", paths[i], { ["Cookie"] = os.getenv("SEARCH_COOKIE") })
end
LUA
SEARCH_PATHS=$WORK/paths SEARCH_COOKIE=$cookie taskset -c 1 wrk -t1 -c1 -d10s --latency -s "$WORK/search.lua" "$url" >"$WORK/wrk.out" 2>&1
rss=$(awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' /proc/$server/status)
kill -TERM "$server"
wait "$server" 2>/dev/null
rate=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$WORK/wrk.out")
p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }' "$WORK/wrk.out")
non2xx=$(awk '/Non-2xx/ { print $NF }' "$WORK/wrk.out")

# the plain way, for comparison: every unit of the project joined to its owners
{
	echo ".timer on"
	while IFS= read -r q; do
		echo "SELECT COUNT(DISTINCT u.id) FROM unit u JOIN ownership o ON o.unit_id = u.id JOIN party p ON p.id = o.party_id WHERE u.project_id = $pid AND p.name LIKE '%$q%';"
	done < <(tail -n 30 "$WORK/terms")
	while IFS= read -r q; do
		echo "SELECT COUNT(DISTINCT u.id) FROM unit u JOIN ownership o ON o.unit_id = u.id JOIN party_phone pp ON pp.party_id = o.party_id WHERE u.project_id = $pid AND pp.phone LIKE '%$q%';"
	done <"$WORK/digits"
} >"$WORK/plain.sql"
plain=$(sqlite3 "$db" <"$WORK/plain.sql" 2>&1 | awk '/^Run Time/ { s += $4; n++ } END { if (n) printf "%.1f", s / n * 1000 }')
echo "searches that found units: $found of $(wc -l <"$WORK/paths"); non-2xx: ${non2xx:-0}; the plain join: $plain ms a query (name and number queries)"
bench_line unit-search none none "$rate" requests/s none "" "$rss"
bench_line unit-search-p99 none none "$p99" ms none "" "$rss"
[ -n "${BENCH_SEARCH_DB:-}" ] || rm -f "$db" "$db-wal" "$db-shm"
