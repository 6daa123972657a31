# check.bench.sh: `wuye check` on the large database (1,000,000 units, 12 months of
# books) against one plain aggregate over the postings in the sqlite3 shell.
. "$here/big-db.sh"
measure "$WUYE_BIN" check --db "$BIG_DB" || exit 1
ours=$SECS ours_rss=$RSS_MIB
measure sqlite3 "$BIG_DB" "SELECT COUNT(*), SUM(amount_fen), SUM(debit_id - credit_id) FROM posting" || exit 1
base=$SECS
bench_line check "$(ratio "$ours" "$base")" 5.00 "$ours" s "$base" s "$ours_rss"
