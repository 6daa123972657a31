# import-units.bench.sh: `wuye import units` of 100,000 units with owners from .csv,
# against the sqlite3 shell .import-ing the same file into a staging table and writing
# exactly the same rows (buildings, owners, phones, units, state history, ownership,
# the audit record) with set-based SQL, on a copy of the same database.
N=${BENCH_UNITS:-100000}
csv=$DATA/units-$N.csv
[ -s "$csv" ] || awk -v n="$N" -f "$here/gen-units.awk" >"$csv"

# the same starting database for both: initialised, with the project
"$WUYE_BIN" init --db "$WORK/template.db" >/dev/null
"$WUYE_BIN" project add BP 基准小区 --db "$WORK/template.db" >/dev/null
cp "$WORK/template.db" "$WORK/ours.db"
cp "$WORK/template.db" "$WORK/base.db"

cat >"$WORK/baseline.sql" <<SQL
.bail on
.mode csv
.import $csv staging
PRAGMA foreign_keys=ON;
BEGIN IMMEDIATE;
INSERT INTO building (project_id, code, name)
	SELECT 1, "楼栋", "楼栋" FROM staging GROUP BY "楼栋" ORDER BY MIN(rowid);
CREATE TEMP TABLE owners AS
	SELECT ROW_NUMBER() OVER (ORDER BY MIN(rowid)) AS rn, "业主" AS name, "电话" AS phones
	FROM staging GROUP BY "业主", "电话";
CREATE TEMP TABLE base AS SELECT (SELECT MAX(id) FROM party) AS party0, (SELECT COALESCE(MAX(id), 0) FROM unit) AS unit0;
INSERT INTO party (kind, name, email, workplace, created_at)
	SELECT 'person', name, '', '', CAST(strftime('%s', 'now') AS INTEGER) FROM owners ORDER BY rn;
INSERT INTO party_phone (party_id, seq, phone)
	SELECT (SELECT party0 FROM base) + rn, 0,
	       CASE instr(phones, '/') WHEN 0 THEN phones ELSE substr(phones, 1, instr(phones, '/') - 1) END
	FROM owners;
INSERT INTO party_phone (party_id, seq, phone)
	SELECT (SELECT party0 FROM base) + rn, 1, substr(phones, instr(phones, '/') + 1)
	FROM owners WHERE instr(phones, '/') > 0;
INSERT INTO unit (project_id, building_id, entrance, floor, room, area, inner_area, type)
	SELECT 1, b.id, s."单元", s."楼层", s."房号", CAST(ROUND(s."建筑面积" * 100) AS INTEGER), NULL, 'residential'
	FROM staging s JOIN building b ON b.project_id = 1 AND b.code = s."楼栋" ORDER BY s.rowid;
INSERT INTO unit_state (unit_id, from_day, state, recorded_at)
	SELECT (SELECT unit0 FROM base) + rowid, -719162, 'undelivered', CAST(strftime('%s', 'now') AS INTEGER) FROM staging;
INSERT INTO unit_state (unit_id, from_day, state, recorded_at)
	SELECT (SELECT unit0 FROM base) + rowid, CAST(julianday("交房日期") - 2440587.5 AS INTEGER), 'vacant',
	       CAST(strftime('%s', 'now') AS INTEGER) FROM staging;
INSERT INTO unit_state (unit_id, from_day, state, recorded_at)
	SELECT (SELECT unit0 FROM base) + rowid, CAST(julianday("入住日期") - 2440587.5 AS INTEGER), 'occupied',
	       CAST(strftime('%s', 'now') AS INTEGER) FROM staging;
INSERT INTO ownership (unit_id, from_day, seq, party_id, recorded_at)
	SELECT (SELECT unit0 FROM base) + rowid, -719162, 0,
	       (SELECT id FROM party WHERE kind = 'developer' AND project_id = 1), CAST(strftime('%s', 'now') AS INTEGER)
	FROM staging;
INSERT INTO ownership (unit_id, from_day, seq, party_id, recorded_at)
	SELECT (SELECT unit0 FROM base) + s.rowid, CAST(julianday(s."交房日期") - 2440587.5 AS INTEGER), 0,
	       (SELECT party0 FROM base) + o.rn, CAST(strftime('%s', 'now') AS INTEGER)
	FROM staging s JOIN owners o ON o.name = s."业主" AND o.phones = s."电话";
INSERT INTO audit_log (at, staff_id, origin, action, subject, detail)
	VALUES (CAST(strftime('%s', 'now') AS INTEGER), 1, 'cli', 'units.import', 'BP', '$csv');
COMMIT;
SQL

measure "$WUYE_BIN" import units "$csv" --project BP --db "$WORK/ours.db" || exit 1
ours=$SECS ours_rss=$RSS_MIB
measure sqlite3 "$WORK/base.db" ".read $WORK/baseline.sql" || exit 1
base=$SECS

# the same rows, or the comparison means nothing
q="SELECT (SELECT COUNT(*) FROM building) || ' ' || (SELECT COUNT(*) FROM party) || ' ' ||
   (SELECT COUNT(*) FROM party_phone) || ' ' || (SELECT COUNT(*) FROM unit) || ' ' ||
   (SELECT COUNT(*) FROM unit_state) || ' ' || (SELECT COUNT(*) FROM ownership) || ' ' ||
   (SELECT SUM(area) FROM unit) || ' ' || (SELECT SUM(party_id * (from_day + 1000000)) FROM ownership)"
a=$(sqlite3 "$WORK/ours.db" "$q") b=$(sqlite3 "$WORK/base.db" "$q")
[ "$a" = "$b" ] || echo "import-units: the baseline wrote other rows ($b) than wuye ($a)" >&2
echo "rows: $a"
bench_line import-units "$(ratio "$ours" "$base")" 2.00 "$ours" s "$base" s "$ours_rss"
