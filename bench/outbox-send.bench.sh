# outbox-send.bench.sh: `wuye send` delivering 100,000 SMS through a local gateway that
# speaks Aliyun's protocol and checks every signature (tests/fakes/gateways.js), one
# HTTP call per message as the real gateway takes them.  No baseline: messages per
# second, and the sender's memory.  The messages are a greeting campaign to the owners
# of a 120,000-unit demo company (built once into bench/data/).
OB_SRC=$DATA/outbox-120000.db
if [ ! -s "$OB_SRC" ] || [ ! -f "$OB_SRC.done" ]; then
	echo "building $OB_SRC (once)" >&2
	rm -f "$OB_SRC" "$OB_SRC-wal" "$OB_SRC-shm"
	"$WUYE_BIN" demo --db "$OB_SRC" --units 120000 --months 1 --today 2026-11-27 >/dev/null &&
		sqlite3 "$OB_SRC" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null && touch "$OB_SRC.done" || exit 1
fi
OB=$WORK/outbox.db
cp "$OB_SRC" "$OB" && "$WUYE_BIN" init --db "$OB" >/dev/null || exit 1
node "$here/../tests/fakes/gateways.js" 0 >"$WORK/gw.out" 2>"$WORK/gw.err" &
gw=$!
trap 'kill $gw 2>/dev/null' EXIT
for i in $(seq 1 100); do
	port=$(sed -n 's/^listening \([0-9]*\).*/\1/p' "$WORK/gw.out" | head -1)
	[ -n "$port" ] && break
	sleep 0.05
done
[ -n "$port" ] || { echo "the gateway did not start" >&2; exit 1; }
cat >"$WORK/aliyun.json" <<JSON
{"endpoint": "http://127.0.0.1:$port", "access_key_id": "LTAI5tFakeGatewayKey01",
 "access_key_secret": "fake-aliyun-secret-for-tests-only", "sign_name": "华苑物业",
 "templates": {"greeting": "SMS_465050001"}}
JSON
for p in $(sqlite3 "$OB" "SELECT code FROM project ORDER BY code"); do
	"$WUYE_BIN" channel set sms --project "$p" --vendor aliyun --settings "$WORK/aliyun.json" --db "$OB" || exit 1
	"$WUYE_BIN" campaign greeting --project "$p" --name 冬至问候 --today 2026-11-27 --db "$OB" >/dev/null || exit 1
done
# exactly 100,000 SMS: the rest of the campaign's messages are left to other channels
sqlite3 "$OB" "UPDATE outbox SET state = 'cancelled' WHERE channel <> 'sms' OR id NOT IN
	(SELECT id FROM outbox WHERE channel = 'sms' ORDER BY id LIMIT 100000)" || exit 1
measure "$WUYE_BIN" send --today 2026-11-27 --at 10:00 --db "$OB" || exit 1
sent=$(sqlite3 "$OB" "SELECT COUNT(*) FROM outbox WHERE state = 'sent'")
took=$(curl -s "http://127.0.0.1:$port/_fake/messages" | jq '.messages | length')
[ "$sent" = "$took" ] || echo "bench: $sent sent but the gateway took $took" >&2
rate=$(awk -v n="$sent" -v s="$SECS" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
echo "$sent messages in $SECS s" >&2
bench_line outbox-send none none "$rate" messages/s none "" "$RSS_MIB"
