# pay-post.bench.sh: 100,000 payments through the payment path in one process (`wuye
# import payments`: each payment its own durable transaction: receipt number, payment,
# allocation, journal, open caches), against 100,000 single-row durable transactions
# into a table shaped like payment (same columns and indexes, same WAL and
# synchronous=FULL) in the sqlite3 shell.  Durable: WAL with synchronous=FULL fsyncs the
# log at every commit, so a payment acknowledged has reached the disk.
N=${BENCH_PAYMENTS:-100000}
db=$WORK/pay.db
# a company whose November bills are open (billed on the 1st, nobody has paid yet)
"$WUYE_BIN" demo --db "$db" --units 30000 --months 1 --today 2026-11-01 >/dev/null || exit 1
# project P01's 25,000 bills paid in four parts each by the bank: 100,000 payments
sqlite3 -csv "$db" "SELECT '楼栋','单元','房号','金额','收款方式','流水号'" >"$WORK/pay.csv"
sqlite3 -csv "$db" "WITH parts(k) AS (VALUES (1), (2), (3), (4))
	SELECT b.code, u.entrance, u.room,
	       printf('%d.%02d', (o.open_fen / 4 + CASE WHEN k = 4 THEN o.open_fen % 4 ELSE 0 END) / 100,
		      (o.open_fen / 4 + CASE WHEN k = 4 THEN o.open_fen % 4 ELSE 0 END) % 100),
	       'autodebit', 'BANK' || o.bill_id || '-' || k
	FROM bill_open o JOIN unit u ON u.id = o.unit_id JOIN building b ON b.id = u.building_id
	JOIN project p ON p.id = u.project_id, parts
	WHERE p.code = 'P01' ORDER BY k, o.bill_id LIMIT $N" >>"$WORK/pay.csv"
n=$(($(wc -l <"$WORK/pay.csv") - 1))
measure "$WUYE_BIN" import payments "$WORK/pay.csv" --project P01 --db "$db" --today 2026-11-20 || exit 1
ours=$SECS ours_rss=$RSS_MIB
posted=$(sqlite3 "$db" "SELECT COUNT(*) FROM payment WHERE ref LIKE 'BANK%'")

# the baseline: the same number of durable single-row transactions, same settings
base_db=$WORK/base.db
sqlite3 "$base_db" "PRAGMA journal_mode=WAL" >/dev/null
sqlite3 "$db" ".schema payment" | sed 's/CREATE TABLE payment/CREATE TABLE payment_copy/; s/payment_unit ON payment/payment_copy_unit ON payment_copy/' |
	grep -v '^CREATE TRIGGER' >"$WORK/schema.sql"
{
	echo "PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;"
	echo "CREATE TABLE project (id INTEGER PRIMARY KEY); CREATE TABLE unit (id INTEGER PRIMARY KEY);"
	echo "CREATE TABLE party (id INTEGER PRIMARY KEY); CREATE TABLE staff (id INTEGER PRIMARY KEY);"
	cat "$WORK/schema.sql"
	awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++)
		printf "BEGIN; INSERT INTO payment_copy (project_id, unit_id, payer_id, amount_fen, channel, ref, receipt_no, paid_day, created_at) VALUES (2, %d, %d, 16570, \x27autodebit\x27, \x27BANK%d\x27, %d, 20777, 1795708800); COMMIT;\n", i, i, i, i }'
} >"$WORK/base.sql"
measure sqlite3 "$base_db" ".read $WORK/base.sql" || exit 1
base=$SECS
rate=$(awk -v n="$posted" -v s="$ours" 'BEGIN { printf "%.0f", n / s }')
base_rate=$(awk -v n="$n" -v s="$base" 'BEGIN { printf "%.0f", n / s }')
echo "posted $posted payments in $ours s; baseline $n transactions in $base s"
bench_line pay-post "$(ratio "$base_rate" "$rate")" 3.00 "$rate" payments/s "$base_rate" transactions/s "$ours_rss"
