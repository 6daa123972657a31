#!/usr/bin/env bash
# t16-browser.sh: the console's main journeys in headless Chromium (tests/browser/
# journeys.js, with playwright-core and Debian's chromium), as staff click through
# them: logging in, finding a unit, taking a payment, logging a promise from 我的任务,
# approving a waiver, an import with errors, and a steward on a 375 px phone.  Each
# journey is one test; after it the books are checked with the CLI.  The screenshot of
# each journey's last page is kept in tests/artifacts/browser-BACKEND[-san]/.
#
# A small community on 2026-01-19: four units billed ¥1.85/m² for January, due on the
# 15th; the daily run has given each a phone task (building 1: zhang, building 2: wang);
# 李经理 asked to waive ¥20.00 of 2-1-201's bill.
. "$(dirname "$0")/lib.sh"
new_db

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
	echo "SKIP - $TEST_NAME: no $CHROMIUM (make deps installs the chromium package)"
	done_testing
	exit
fi
SRC=${WUYE_SRC:-$(cd "$TEST_DIR/../.." && pwd)}
ART="$SRC/tests/artifacts/browser-$(backend)"
ldd "$WUYE_BIN" 2>/dev/null | grep -q libasan && ART="$ART-san"

cat >owners.csv <<'EOF'
楼栋,单元,房号,建筑面积,状态,业主,电话
1,1,101,89.57,已入住,王伟,13812345678
1,1,102,100.00,已入住,欧阳娜娜,13800000002
1,1,103,120.00,已入住,张三丰,13800000003
2,1,201,90.00,已入住,丁二号楼,13800000004
EOF
staff() { echo "$4" | wuye staff add "$1" "$2" --role "$3" --project SIM --password-stdin ${5:+--buildings "$5"} >/dev/null; }

t "the community, its staff, January's bills, the tasks and a waiver asked for" '
	wuye project add SIM 模拟小区 >/dev/null
	wuye import units owners.csv --project SIM >/dev/null
	staff zhang 张楼管 steward zhang-pass-1 1
	staff wang 王楼管 steward wang-pass-12 2
	staff li 李经理 manager li-pass-123
	staff ma 马经理 manager ma-pass-123
	staff cai 蔡收银 cashier cai-pass-12
	wuye contract add --project SIM --name 物业服务合同 --from 2020-01-01 >/dev/null
	wuye tariff add --contract 1 --item 物业费 --basis area --rate 1.85 --due-day 15 >/dev/null
	wuye bill --project SIM --period 2026-01 --today 2026-01-01 >/dev/null
	for d in $(seq -w 1 19); do wuye dun --project SIM --today 2026-01-$d >/dev/null; done
	bill=$(sql "SELECT b.id FROM bill b JOIN unit u ON u.id = b.unit_id WHERE u.room = '"'"'201'"'"'")
	wuye waive "$bill" 20 --reason 困难户减免 --as li --today 2026-01-19 >/dev/null
	wuye tasks --today 2026-01-19 --format json | jq -r ".[] | .staff + \" \" + .unit + \" \" + (.open_fen|tostring)" >all
	expect_file all <<-X
	zhang SIM/1-1-101 16570
	zhang SIM/1-1-102 18500
	zhang SIM/1-1-103 22200
	wang SIM/2-1-201 16650
	X
'

units_before=$(sql "SELECT COUNT(*) FROM unit")
owners_before=$(sql "SELECT COUNT(*) FROM ownership")
start_server SRV --today 2026-01-19 --fixed-today
url="http://127.0.0.1:$SRV"
rm -rf "$ART"
mkdir -p "$ART"
# the journeys run one after another, each in a browser context of its own; their
# verdicts are lines "ok NAME" / "not ok NAME: why"
timeout 900 node "$SRC/tests/browser/journeys.js" "$url" "$ART" "$SRC/tests/browser" >journeys.out 2>journeys.err
echo "journeys.js exit $?" >>journeys.err

# journey NAME: the journey's verdict; its error, and the browser's stderr, when it failed
journey() {
	grep -qx "ok $1" journeys.out && return 0
	grep "^not ok $1:" journeys.out >&2 || { echo "journey $1 did not run:" >&2; cat journeys.err >&2; }
	return 1
}

t "log in: the page is in Chinese, a wrong password is refused next to the field, the right one reaches 工作台" '
	journey login
	[ -s "$ART/login.png" ]
'

t "find a unit by room and by part of the owner name, as typed and submitted, and open it to the fen" '
	journey find
	[ -s "$ART/find.png" ]
'

t "a cashier takes ¥222.00 by WeChat for 1-1-103: a bad amount is refused keeping what was typed; receipt SIM-000001 for ¥222.00" '
	journey pay
	[ -s "$ART/pay.png" ]
	wuye account SIM/1-1-103 --today 2026-01-19 --format json >a
	expect_eq "$(jq -c "[.open_fen, (.payments[] | [.amount_fen, .channel, .receipt])]" a)" "[0,[22200,\"wechat\",\"SIM-000001\"]]"
	expect_eq "$(sql "SELECT COUNT(*) FROM payment")" 1
	wuye check >/dev/null
'

t "a steward logs a call with a promise (2026-01-31, ¥185.00) from 我的任务 and the task leaves the list" '
	journey promise
	[ -s "$ART/promise.png" ]
	wuye case SIM/1-1-102 --today 2026-01-19 --format json >c
	expect_eq "$(jq -c "[.state, (.promises[] | [.due, .amount_fen])]" c)" "[\"promised\",[\"2026-01-31\",18500]]"
	expect_eq "$(jq -r ".contacts[0].note + \" \" + .contacts[0].staff" c)" "月底发工资后缴清 zhang"
	# 1-1-103 paid everything in the cashier journey: its task left the list with the payment
	wuye tasks --today 2026-01-19 --format json | jq -r ".[] | select(.staff == \"zhang\") | .unit" >left
	expect_file left <<-X
	SIM/1-1-101
	X
'

t "a manager approves the waiver another asked for: 已批准, and 2-1-201 owes ¥146.50" '
	journey approve
	[ -s "$ART/approve.png" ]
	wuye account SIM/2-1-201 --today 2026-01-19 --format json >a
	expect_eq "$(jq -c "[.bills[0].waived_fen, .open_fen]" a)" "[2000,14650]"
	expect_eq "$(sql "SELECT COUNT(*) FROM waiver")" 1
'

t "an import with a bad phone and a bad area lists both with row and column, and imports nothing" '
	journey import
	[ -s "$ART/import.png" ]
	expect_eq "$(sql "SELECT COUNT(*) FROM unit")" "$units_before"
	expect_eq "$(sql "SELECT COUNT(*) FROM ownership")" "$owners_before"
	expect_eq "$(sql "SELECT COUNT(*) FROM party WHERE name IN ('"'"'钱七'"'"', '"'"'孙八'"'"', '"'"'周九'"'"')")" 0
'

t "on a 375 px phone nothing is wider than the screen: log-in, search, a unit, the tasks and the contact form" '
	journey phone
	[ -s "$ART/phone.png" ]
'

t "the browser found nothing else to complain of" '
	expect_eq "$(grep -c "^not ok" journeys.out)" 0
	expect_eq "$(grep -c "^ok " journeys.out)" 7
'

stop_server SRV
t "the server stopped cleanly" 'expect_eq "$SERVER_EXIT" 0'
done_testing
