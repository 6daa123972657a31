# bill-run.bench.sh: the bill run of December 2026 for every unit of the large database
# (1,000,000 units, one monthly tariff each, prepaid balances settled), against set-based
# SQL in the sqlite3 shell writing the same rows (the run records, bills, their postings
# and open-bill rows, and the settlements from prepaid with their postings) into a copy
# of the same database.
. "$here/big-db.sh"
cp "$BIG_DB" "$WORK/ours.db"
cp "$BIG_DB" "$WORK/base.db"

cat >"$WORK/bill-run.sql" <<'SQL'
.bail on
PRAGMA cache_size = -65536;
BEGIN IMMEDIATE;
CREATE TEMP TABLE params AS SELECT
	CAST(julianday('2026-12-01') - 2440587.5 AS INTEGER) AS first,
	CAST(julianday('2026-12-31') - 2440587.5 AS INTEGER) AS last,
	CAST(julianday('2026-12-15') - 2440587.5 AS INTEGER) AS due,
	CAST(strftime('%s', 'now') AS INTEGER) AS now,
	(SELECT COALESCE(MAX(id), 0) FROM bill_run) AS run0;
INSERT INTO bill_run (project_id, period, kind, business_day, staff_id, created_at)
	SELECT id, '2026-12', 'run', (SELECT first FROM params), 1, (SELECT now FROM params) FROM project ORDER BY code;
-- the tariff in force per project and item: the contract with the latest start
CREATE TEMP TABLE tf AS
	SELECT t.id AS tariff_id, t.contract_id, t.item_id, t.rate, t.vacant_pct, c.project_id
	FROM tariff t JOIN contract c ON c.id = t.contract_id
	WHERE t.cycle = 'month' AND c.from_day <= (SELECT first FROM params) AND c.from_day = (
		SELECT MAX(c2.from_day) FROM contract c2 JOIN tariff t2 ON t2.contract_id = c2.id
		WHERE c2.project_id = c.project_id AND t2.item_id = t.item_id AND c2.from_day <= (SELECT first FROM params));
CREATE TEMP TABLE nb AS
	SELECT u.project_id, u.id AS unit_id,
		(SELECT o.party_id FROM ownership o WHERE o.unit_id = u.id AND o.seq = 0 AND o.from_day <= (SELECT first FROM params)
		 ORDER BY o.from_day DESC LIMIT 1) AS payer_id,
		tf.item_id, tf.tariff_id, tf.contract_id, u.area, tf.rate,
		CASE WHEN (SELECT s.state FROM unit_state s WHERE s.unit_id = u.id AND s.from_day <= (SELECT first FROM params)
			   ORDER BY s.from_day DESC LIMIT 1) = 'vacant' THEN tf.vacant_pct ELSE 100 END AS pct,
		r.id AS run_id
	FROM unit u JOIN tf ON tf.project_id = u.project_id
	JOIN bill_run r ON r.project_id = u.project_id AND r.id > (SELECT run0 FROM params);
CREATE TEMP TABLE nb2 AS SELECT *, (area * rate * pct + 500000) / 1000000 AS amount FROM nb;
INSERT INTO bill (project_id, unit_id, payer_id, item_id, kind, tariff_id, contract_id, period, period_start, period_end,
		  liable_from, due_day, amount_fen, explain, run_id, created_at)
	SELECT project_id, unit_id, payer_id, item_id, 'fee', tariff_id, contract_id, '2026-12', (SELECT first FROM params),
		(SELECT last FROM params), (SELECT first FROM params), (SELECT due FROM params), amount,
		printf('%d.%02d㎡ × ¥%d.%02d/㎡/月%s = ¥%,d.%02d', area / 100, area % 100, rate / 10000, rate % 10000 / 100,
		       CASE WHEN pct < 100 THEN printf(' × %d%%（空置）', pct) ELSE '' END, amount / 100, amount % 100),
		run_id, (SELECT now FROM params)
	FROM nb2 WHERE amount > 0 ORDER BY project_id, unit_id;
INSERT INTO posting (project_id, debit_id, credit_id, amount_fen, kind, source_id, day)
	SELECT b.project_id, recv.id, inc.id, b.amount_fen, 'bill', b.id, (SELECT first FROM params)
	FROM bill b
	JOIN account recv ON recv.project_id = b.project_id AND recv.kind = 'receivable' AND recv.unit_id = b.unit_id
		AND recv.party_id = 0 AND recv.ref = ''
	JOIN account inc ON inc.project_id = b.project_id AND inc.kind = 'income' AND inc.unit_id = 0 AND inc.party_id = 0
		AND inc.ref = CAST(b.item_id AS TEXT)
	WHERE b.run_id > (SELECT run0 FROM params) ORDER BY b.id;
INSERT INTO bill_open (bill_id, project_id, unit_id, payer_id, due_day, open_fen)
	SELECT id, project_id, unit_id, payer_id, due_day, amount_fen FROM bill WHERE run_id > (SELECT run0 FROM params);
-- prepaid money settles the new bills, oldest payment first
CREATE TEMP TABLE pp AS
	SELECT p.payment_id, p.unit_id, p.payer_id, p.remaining_fen, b.id AS bill_id, b.run_id, b.project_id,
		MIN(p.remaining_fen, MAX(0, b.amount_fen - COALESCE(SUM(p.remaining_fen) OVER (PARTITION BY p.unit_id, p.payer_id
			ORDER BY p.payment_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))) AS alloc
	FROM prepaid_open p JOIN bill b ON b.unit_id = p.unit_id AND b.payer_id = p.payer_id
		AND b.run_id > (SELECT run0 FROM params);
CREATE INDEX temp.pp_bill ON pp (bill_id);
CREATE INDEX temp.pp_payment ON pp (payment_id);
INSERT INTO allocation (payment_id, bill_id, amount_fen, source, day, run_id, created_at)
	SELECT payment_id, bill_id, alloc, 'prepaid', (SELECT first FROM params), run_id, (SELECT now FROM params)
	FROM pp WHERE alloc > 0 ORDER BY project_id, unit_id, payment_id;
INSERT INTO posting (project_id, debit_id, credit_id, amount_fen, kind, source_id, day)
	SELECT b.project_id, pre.id, recv.id, a.amount_fen, 'allocation', a.id, (SELECT first FROM params)
	FROM allocation a JOIN bill b ON b.id = a.bill_id JOIN payment y ON y.id = a.payment_id
	JOIN account pre ON pre.project_id = b.project_id AND pre.kind = 'prepaid' AND pre.unit_id = b.unit_id
		AND pre.party_id = y.payer_id AND pre.ref = ''
	JOIN account recv ON recv.project_id = b.project_id AND recv.kind = 'receivable' AND recv.unit_id = b.unit_id
		AND recv.party_id = 0 AND recv.ref = ''
	WHERE a.run_id > (SELECT run0 FROM params) ORDER BY a.id;
UPDATE bill_open SET open_fen = open_fen - (SELECT SUM(alloc) FROM pp WHERE pp.bill_id = bill_open.bill_id)
	WHERE bill_id IN (SELECT bill_id FROM pp WHERE alloc > 0);
DELETE FROM bill_open WHERE open_fen = 0;
UPDATE prepaid_open SET remaining_fen = remaining_fen - (SELECT alloc FROM pp WHERE pp.payment_id = prepaid_open.payment_id)
	WHERE payment_id IN (SELECT payment_id FROM pp WHERE alloc > 0);
DELETE FROM prepaid_open WHERE remaining_fen = 0;
COMMIT;
SQL

measure "$WUYE_BIN" bill --all --period 2026-12 --today 2026-12-01 --db "$WORK/ours.db" || exit 1
ours=$SECS ours_rss=$RSS_MIB
measure sqlite3 "$WORK/base.db" ".read $WORK/bill-run.sql" || exit 1
base=$SECS

q="SELECT (SELECT COUNT(*) || '/' || SUM(amount_fen) || '/' || SUM(LENGTH(explain)) FROM bill) || ' ' ||
   (SELECT COUNT(*) || '/' || SUM(amount_fen) FROM posting) || ' ' ||
   (SELECT COUNT(*) || '/' || SUM(amount_fen) FROM allocation) || ' ' ||
   (SELECT COUNT(*) || '/' || SUM(open_fen) FROM bill_open) || ' ' ||
   (SELECT COUNT(*) || '/' || COALESCE(SUM(remaining_fen), 0) FROM prepaid_open) || ' ' ||
   (SELECT COUNT(*) FROM bill_run)"
a=$(sqlite3 "$WORK/ours.db" "$q") b=$(sqlite3 "$WORK/base.db" "$q")
[ "$a" = "$b" ] || echo "bill-run: the baseline wrote other rows ($b) than wuye ($a)" >&2
echo "rows (count/sum): $a"
bench_line bill-run "$(ratio "$ours" "$base")" 1.50 "$ours" s "$base" s "$ours_rss"
rm -f "$WORK/ours.db"* "$WORK/base.db"*
