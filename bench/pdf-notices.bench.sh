# pdf-notices.bench.sh: 1,000 written demands (催缴通知书 with their delivery-receipt
# stubs, QR codes and arrears tables) into one PDF with `wuye doc demands`, on a demo
# company of 20,000 units with 12 months of books after its first daily run (about
# 2,500 payers in arrears).  Reported in pages per second: a demand is one or two pages
# depending on how many bills it lists.  There is no baseline: nothing else lays out
# and embeds Chinese text in the same run, so ratio, goal and baseline are "none".
DOCS_UNITS=${BENCH_DOCS_UNITS:-20000}
DOCS_DB=$DATA/docs-$DOCS_UNITS.db
if [ ! -s "$DOCS_DB" ] || [ ! -f "$DOCS_DB.done" ]; then
	echo "building $DOCS_DB (once)" >&2
	rm -f "$DOCS_DB" "$DOCS_DB-wal" "$DOCS_DB-shm"
	"$WUYE_BIN" demo --db "$DOCS_DB" --units "$DOCS_UNITS" --months 12 --today 2026-11-27 >/dev/null &&
		"$WUYE_BIN" dun --all --db "$DOCS_DB" --today 2026-11-27 >/dev/null &&
		sqlite3 "$DOCS_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null && touch "$DOCS_DB.done" || exit 1
fi
# a copy: printing records an event in each case
cp "$DOCS_DB" "$WORK/docs.db" || exit 1
"$WUYE_BIN" init --db "$WORK/docs.db" >/dev/null || exit 1
measure "$WUYE_BIN" doc demands --project P01 --limit 1000 -o "$WORK/notices.pdf" --db "$WORK/docs.db" --today 2026-11-27 ||
	exit 1
pages=$(pdfinfo "$WORK/notices.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
letters=$(pdftotext "$WORK/notices.pdf" - 2>/dev/null | grep -c '^物业服务费催缴通知书$')
[ "$letters" = 1000 ] || { echo "bench: expected 1000 demands, found $letters" >&2; exit 1; }
bench_line_nobase pdf-notices "$(awk -v p="$pages" -v s="$SECS" 'BEGIN { printf "%.1f", p / s }')" pages/s "$RSS_MIB"
rm -f "$WORK/docs.db" "$WORK/docs.db-wal" "$WORK/docs.db-shm" "$WORK/notices.pdf"
