# lib.sh: the whole-program test harness (in the spirit of git's test-lib.sh).
#
# A test script sources this file, then runs `t "what it shows" 'commands'` for each
# test; the commands run in a subshell with `set -e`, in the script's own scratch
# folder, with $WUYE_DB pointing at the script's database.  `new_db` gives the script
# a fresh, initialised database: a SQLite file, or with WUYE_TEST_PG set (a libpq URI
# of a server the tests may create databases on) a new PostgreSQL database.
# The script ends with `done_testing`, which prints one line: "# NAME: P passed, F failed".

set -u
TEST_NAME=$(basename "$0" .sh)
TEST_DIR=$(cd "$(dirname "$0")" && pwd)
FIX=$(cd "$TEST_DIR/../fixtures" && pwd)
: "${WUYE_BIN:?WUYE_BIN must name the wuye binary}"
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/wuye-$TEST_NAME.XXXXXX")
cd "$SCRATCH" || exit 1
export LC_ALL=C.UTF-8
export PGOPTIONS="--client-min-messages=warning"
unset WUYE_DB
PASSED=0
FAILED=0
DB_SEQ=0
PG_DBS=""

wuye() { "$WUYE_BIN" "$@"; }

# Creates a fresh database and runs `wuye init` on it; exports WUYE_DB.
new_db() {
	DB_SEQ=$((DB_SEQ + 1))
	if [ -n "${WUYE_TEST_PG:-}" ]; then
		local name="wuye_${TEST_NAME//[^a-z0-9]/_}_$$_$DB_SEQ"
		psql -q -X "$WUYE_TEST_PG" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null || return 1
		PG_DBS="$PG_DBS $name"
		# same server and options, another database: replace the path of the URI
		WUYE_DB=$(printf '%s' "$WUYE_TEST_PG" | sed -E "s#^(postgres(ql)?://[^/]*)/[^?]*#\1/$name#")
	else
		WUYE_DB="$SCRATCH/test$DB_SEQ.db"
	fi
	export WUYE_DB
	wuye init >/dev/null
}

backend() { if [ -n "${WUYE_TEST_PG:-}" ]; then echo pg; else echo sqlite; fi; }

# Runs SQL against the test database (sqlite3 shell or psql); prints rows with | between columns.
sql() {
	if [ -n "${WUYE_TEST_PG:-}" ]; then
		psql -q -X -A -t -F '|' "$WUYE_DB" -c "$1"
	else
		sqlite3 "$WUYE_DB" "$1"
	fi
}

t() {
	local name=$1 body=$2 out rc
	out=$( (set -e; eval "$body") 2>&1 )
	rc=$?
	if [ $rc -eq 0 ]; then
		PASSED=$((PASSED + 1))
		[ -n "${VERBOSE:-}" ] && echo "ok - $TEST_NAME: $name"
	else
		FAILED=$((FAILED + 1))
		echo "FAIL - $TEST_NAME: $name (exit $rc)"
		printf '%s\n' "$out" | sed 's/^/    /' | tail -40
	fi
	return 0
}

# Helpers for test bodies.
fail() { echo "$*" >&2; return 1; }
expect_eq() { [ "$1" = "$2" ] || fail "expected [$2], got [$1]"; }
# expect_exit N command...: runs command, requires exit status N
expect_exit() {
	local want=$1 rc=0
	shift
	"$@" || rc=$?
	[ "$rc" -eq "$want" ] || fail "expected exit $want, got $rc from: $*"
}
# expect_lines FILE <<EOF ... EOF: the file's lines are exactly these
expect_file() { diff -u - "$1" || fail "unexpected content of $1"; }
contains() { grep -qF -- "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "expected [$2] in $1"; }; }
lacks() { ! grep -qF -- "$2" "$1" || fail "did not expect [$2] in $1"; }

# start_fake VAR SCRIPT [ARGS...]: starts node tests/fakes/SCRIPT (a local server that
# speaks a gateway's real protocol), waits for its "listening PORT" line and sets VAR to
# the port.  The server stops when the script ends.  No node is a failure, not a skip.
FAKE_PIDS=""
start_fake() {
	local var=$1 script=$2 out="$SCRATCH/fake-$1.out" port="" i
	shift 2
	command -v node >/dev/null || fail "node is needed for the local gateway servers (make deps installs it)"
	node "$TEST_DIR/../fakes/$script" "$@" >"$out" 2>"$out.err" &
	FAKE_PIDS="$FAKE_PIDS $!"
	for i in $(seq 1 100); do
		port=$(sed -n 's/^listening \([0-9]*\).*/\1/p' "$out" 2>/dev/null | head -1)
		[ -n "$port" ] && break
		sleep 0.05
	done
	[ -n "$port" ] || { cat "$out.err" >&2; fail "the fake server $script did not start"; return 1; }
	printf -v "$var" '%s' "$port"
}
# start_server VAR [ARGS...]: `wuye serve` on the test database, on a port of the
# system's choosing (VAR gets it), with its access log and stderr in the scratch folder.
# stop_server VAR: SIGTERM, then wait; SERVER_EXIT gets its exit status.
start_server() {
	local var=$1 err="$SCRATCH/server-$1.err" port="" i
	shift
	"$WUYE_BIN" serve --listen 127.0.0.1:0 --threads 2 --no-jobs --access-log "$SCRATCH/access-$var.log" "$@" \
		>/dev/null 2>"$err" &
	printf -v "SERVER_PID_$var" '%s' "$!"
	FAKE_PIDS="$FAKE_PIDS $!"
	for i in $(seq 1 200); do
		port=$(sed -n 's|^wuye: serving http://[^:]*:\([0-9]*\)/.*|\1|p' "$err" | head -1)
		[ -n "$port" ] && break
		sleep 0.05
	done
	[ -n "$port" ] || { cat "$err" >&2; fail "the server did not start"; return 1; }
	printf -v "$var" '%s' "$port"
}
# web_login URL LOGIN PASSWORD JAR: logs in as the browser does (the form's CSRF token
# from GET /login, then POST /login), keeping the cookies in JAR; prints the status.
web_login() {
	local csrf
	csrf=$(curl -s -c "$4" "$1/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
	curl -s -o /dev/null -w '%{http_code}' -b "$4" -c "$4" --data-urlencode "login=$2" \
		--data-urlencode "password=$3" -d "csrf=$csrf" -d "next=/" "$1/login"
}
# web_csrf URL JAR: the session's CSRF token (for POSTs made with curl)
web_csrf() { curl -s -b "$2" "$1/" | sed -n 's/.*name="csrf-token" content="\([0-9a-f]*\)".*/\1/p'; }
stop_server() {
	local pid_var="SERVER_PID_$1"
	kill -TERM "${!pid_var}" 2>/dev/null
	SERVER_EXIT=0
	wait "${!pid_var}" || SERVER_EXIT=$?
	# what the server said before it ended badly (a sanitizer's report, say)
	[ "$SERVER_EXIT" = 0 ] || tail -60 "$SCRATCH/server-$1.err" >&2
}
stop_fakes() { for p in $FAKE_PIDS; do kill "$p" 2>/dev/null; done; FAKE_PIDS=""; }
trap 'stop_fakes' EXIT

done_testing() {
	stop_fakes
	cd / || true
	if [ -n "${WUYE_TEST_PG:-}" ]; then
		for d in $PG_DBS; do
			psql -q -X "$WUYE_TEST_PG" -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1
		done
	fi
	rm -rf "$SCRATCH"
	echo "# $TEST_NAME: $PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}
