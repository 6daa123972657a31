# reports.bench.sh: every report of `wuye report` on the large database (1,000,000 units,
# 12 months of books), for one project and for the whole company, each against the plain
# aggregate over the books that it needs most (in the sqlite3 shell, on the same copy, in
# the same run).  The summaries the reports read (migration 010) are built once when
# `wuye init` migrates the copy: that one-time backfill is timed on its own line.
# Goals: ratio at most 2 and under 1 s; the dashboard's rate figures under 200 ms.
. "$here/big-db.sh"
REP_DB=$WORK/reports.db
cp "$BIG_DB" "$REP_DB" && sync || exit 1
measure "$WUYE_BIN" init --db "$REP_DB" || exit 1
bench_line reports-backfill none none "$SECS" s none s "$RSS_MIB"
TODAY=2026-11-27
P=$(sqlite3 "$REP_DB" "SELECT code FROM project ORDER BY id LIMIT 1")
PID=$(sqlite3 "$REP_DB" "SELECT id FROM project WHERE code = '$P'")
T=$(sqlite3 "$REP_DB" "SELECT CAST(julianday('$TODAY') - 2440587.5 AS INTEGER)")
PS=$(sqlite3 "$REP_DB" "SELECT CAST(julianday('2026-11-01') - 2440587.5 AS INTEGER)")
# warm the page cache the same way for both sides
sqlite3 "$REP_DB" "SELECT COUNT(*) FROM bill" >/dev/null

# The plain aggregates, for one project (F = "AND b.project_id = $PID") and the company (F = ""):
#   rates, staff: this month's bills and the money applied to them
#   aging: what the open bills owe, by age
#   reasons: the households of the month still owing
#   channels: the contacts of the month by channel, with a payment after them
#   weekly: the money of the week
base_sql() {
	local kind=$1 f=$2
	case $kind in
	rates | staff)
		echo "SELECT COUNT(*), SUM(b.amount_fen), SUM((SELECT COALESCE(SUM(a.amount_fen), 0) FROM allocation a WHERE a.bill_id = b.id)) FROM bill b WHERE b.due_day BETWEEN $PS AND $T $f" ;;
	aging)
		echo "SELECT ($T - b.due_day) / 30, SUM(b.open_fen) FROM bill_open b WHERE b.due_day < $T $f GROUP BY 1" ;;
	reasons)
		echo "SELECT COUNT(DISTINCT b.unit_id) FROM bill_open b WHERE b.due_day BETWEEN $PS AND $T $f" ;;
	channels)
		echo "SELECT c.channel, COUNT(*), SUM(EXISTS (SELECT 1 FROM payment p WHERE p.unit_id = c.unit_id AND p.paid_day BETWEEN c.day AND c.day + 30)) FROM contact c JOIN unit b ON b.id = c.unit_id WHERE c.day BETWEEN $PS AND $T $f GROUP BY 1" ;;
	weekly)
		echo "SELECT COUNT(*), SUM(a.amount_fen) FROM allocation a JOIN bill b ON b.id = a.bill_id WHERE a.day BETWEEN $((T - 13)) AND $T $f" ;;
	esac
}

for kind in rates aging reasons channels staff weekly; do
	for scope in project company; do
		if [ $scope = project ]; then
			args="--project $P" f="AND b.project_id = $PID"
		else
			args="--all" f=""
		fi
		measure "$WUYE_BIN" report $kind $args --today $TODAY --format json --db "$REP_DB" || continue
		ours=$SECS ours_rss=$RSS_MIB
		measure sqlite3 "$REP_DB" "$(base_sql $kind "$f")" || continue
		base=$SECS
		bench_line "report-$kind-$scope" "$(ratio "$ours" "$base")" 2.00 "$ours" s "$base" s "$ours_rss"
	done
done

# the dashboard's rate figures (fig_dashboard): one project's month, as the console asks
measure "$WUYE_BIN" report rates --project "$P" --by project --today $TODAY --format json --db "$REP_DB" || exit 1
ours=$SECS ours_rss=$RSS_MIB
measure sqlite3 "$REP_DB" "$(base_sql rates "AND b.project_id = $PID")" || exit 1
base=$SECS
bench_line report-dashboard "$(ratio "$ours" "$base")" 2.00 "$ours" s "$base" s "$ours_rss"
rm -f "$REP_DB" "$REP_DB-wal" "$REP_DB-shm"
