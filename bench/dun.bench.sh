# dun.bench.sh: the daily collection run (`wuye dun --all`) on the large database
# (1,000,000 units, 12 months, about 10% of payers in arrears), first on a day with no
# cases yet (every debtor's case opens and its first step fires: tasks and outbox rows
# are written) and then again on the same day (nothing changes).  The baseline is the
# one aggregate that finds every payer's oldest open bill and open total.
. "$here/big-db.sh"
DUN_DB=$WORK/dun.db
cp "$BIG_DB" "$DUN_DB" && sync || exit 1  # sync: the copy's write-back must not land in the timed commits
"$WUYE_BIN" init --db "$DUN_DB" >/dev/null || exit 1
measure sqlite3 "$DUN_DB" "SELECT COUNT(*), SUM(o), MIN(d) FROM (SELECT payer_id, MIN(due_day) AS d, SUM(open_fen) AS o FROM bill_open GROUP BY payer_id)" || exit 1
base=$SECS
measure "$WUYE_BIN" dun --all --today 2026-11-27 --db "$DUN_DB" || exit 1
first=$SECS first_rss=$RSS_MIB
measure "$WUYE_BIN" dun --all --today 2026-11-27 --db "$DUN_DB" || exit 1
again=$SECS again_rss=$RSS_MIB
bench_line dun-first "$(ratio "$first" "$base")" 3.00 "$first" s "$base" s "$first_rss"
bench_line dun-rerun "$(ratio "$again" "$base")" 1.50 "$again" s "$base" s "$again_rss"
rm -f "$DUN_DB" "$DUN_DB-wal" "$DUN_DB-shm"
