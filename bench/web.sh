# web.sh: what the web benchmarks share (sourced by api-account.bench.sh and
# dashboard.bench.sh): the large database copied once per run into the work folder and
# migrated, `wuye serve --threads 1` pinned to one core and wrk to the other, nginx with
# one worker on the server's core as the baseline, and wrk's figures.
#   web_db                    sets WEB_DB (the copy; made by the first caller of a run)
#   web_start                 starts the server on WEB_DB; sets WEB_PID, WEB_URL
#   web_stop                  SIGTERM and wait
#   nginx_start FILE          nginx answering every path with FILE; sets NGX_PID, NGX_URL
#   nginx_stop
#   wrk_run URL LUA           a warm-up, then the measured run; sets RPS, P99_MS, REQS
#   peak_rss_mib PID          the process's peak resident memory (VmHWM) in MiB
. "$here/big-db.sh"
WRK_SECONDS=${BENCH_WRK_SECONDS:-20}
WRK_CONNECTIONS=${BENCH_WRK_CONNECTIONS:-10}
SERVER_CPU=0
LOAD_CPU=$(($(nproc) - 1))
BENCH_TODAY=2026-11-27

for tool in wrk nginx taskset curl; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is not installed (make deps)" >&2; return 1; }
done

web_db() {
	WEB_DB=$WORK/web.db
	[ -f "$WEB_DB.ready" ] && return 0
	# the copy is migrated (the API's indexes) and read once, so the runs start warm
	cp "$BIG_DB" "$WEB_DB" && sync && "$WUYE_BIN" init --db "$WEB_DB" >/dev/null && cat "$WEB_DB" >/dev/null &&
		touch "$WEB_DB.ready"
}

# A TCP port nobody listens on.
free_port() {
	local p
	for _ in $(seq 1 50); do
		p=$((20000 + RANDOM % 30000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
	done
	return 1
}

web_start() {
	local err=$WORK/serve.err port=""
	: >"$err"
	taskset -c "$SERVER_CPU" "$WUYE_BIN" serve --db "$WEB_DB" --listen 127.0.0.1:0 --threads 1 --no-jobs \
		--access-log none --today "$BENCH_TODAY" --fixed-today 2>"$err" &
	WEB_PID=$!
	for _ in $(seq 1 200); do
		port=$(sed -n 's|^wuye: serving http://[^:]*:\([0-9]*\)/.*|\1|p' "$err" | head -1)
		[ -n "$port" ] && break
		sleep 0.05
	done
	[ -n "$port" ] || { cat "$err" >&2; return 1; }
	WEB_URL=http://127.0.0.1:$port
}

web_stop() {
	kill -TERM "$WEB_PID" 2>/dev/null
	wait "$WEB_PID" 2>/dev/null
}

nginx_start() {
	local dir=$WORK/nginx port
	port=$(free_port) || return 1
	rm -rf "$dir"
	mkdir -p "$dir/www" "$dir/tmp"
	cp "$1" "$dir/www/answer"
	cat >"$dir/nginx.conf" <<-EOF
	worker_processes 1;
	daemon off;
	master_process off;
	pid $dir/nginx.pid;
	error_log stderr error;
	events { worker_connections 1024; }
	http {
		access_log off;
		keepalive_requests 100000000;
		client_body_temp_path $dir/tmp;
		proxy_temp_path $dir/tmp;
		fastcgi_temp_path $dir/tmp;
		uwsgi_temp_path $dir/tmp;
		scgi_temp_path $dir/tmp;
		server {
			listen 127.0.0.1:$port;
			root $dir/www;
			default_type ${2:-application/json};
			location / { try_files /answer =404; }
		}
	}
	EOF
	taskset -c "$SERVER_CPU" nginx -p "$dir" -c "$dir/nginx.conf" -e stderr 2>"$dir/err" &
	NGX_PID=$!
	NGX_URL=http://127.0.0.1:$port
	for _ in $(seq 1 100); do
		curl -s -o /dev/null "$NGX_URL/" && return 0
		sleep 0.05
	done
	cat "$dir/err" >&2
	return 1
}

nginx_stop() {
	kill -TERM "$NGX_PID" 2>/dev/null
	wait "$NGX_PID" 2>/dev/null
}

# wrk_run URL LUA: five seconds to warm up, then WRK_SECONDS measured; every answer
# must be a 200 (else the run failed).  A slow page is measured, not dropped: wrk waits 30 s
# for an answer (its default 2 s, with 10 connections queued on one thread, fails a page
# of 0.3 s).
wrk_run() {
	local out=$WORK/wrk.out
	taskset -c "$LOAD_CPU" wrk -t1 --timeout 30s -c"$WRK_CONNECTIONS" -d5s -s "$2" "$1" >/dev/null 2>&1
	taskset -c "$LOAD_CPU" wrk -t1 --timeout 30s -c"$WRK_CONNECTIONS" -d"${WRK_SECONDS}s" --latency -s "$2" "$1" >"$out" 2>&1 || {
		cat "$out" >&2
		return 1
	}
	if grep -q "Non-2xx\|Socket errors" "$out"; then
		grep "Non-2xx\|Socket errors" "$out" >&2
		return 1
	fi
	RPS=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
	REQS=$(awk '/requests in/ { print $1 }' "$out")
	# the 99th percentile as wrk prints it (us, ms or s), in milliseconds
	P99_MS=$(awk '$1 == "99%" { v = $2; u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
		printf "%.2f", u == "us" ? v / 1000 : u == "s" ? v * 1000 : v }' "$out")
}

peak_rss_mib() {
	awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"
}
