# big-db.sh: the large benchmark database (sourced by benchmarks): 1,000,000 units with
# 12 months of bills and payments up to 2026-11-27, built once with `wuye demo` and
# kept in bench/data/.  Sets BIG_DB.
BIG_UNITS=${BENCH_BIG_UNITS:-1000000}
BIG_DB=$DATA/big-$BIG_UNITS.db
if [ ! -s "$BIG_DB" ] || [ ! -f "$BIG_DB.done" ]; then
	echo "building $BIG_DB (once; several minutes)" >&2
	rm -f "$BIG_DB" "$BIG_DB-wal" "$BIG_DB-shm"
	WUYE_SQLITE_CACHE_MB=4096 "$WUYE_BIN" demo --db "$BIG_DB" --units "$BIG_UNITS" --months 12 --today 2026-11-27 >&2 &&
		sqlite3 "$BIG_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null && touch "$BIG_DB.done"
fi
