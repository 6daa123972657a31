# lib.sh: helpers for benchmarks (sourced by bench/run.sh).
#   measure CMD...   runs CMD; sets SECS (wall clock) and RSS_MIB (peak memory)
#   bench_line NAME RATIO GOAL VALUE UNIT BASELINE BASE_UNIT RSS_MIB
#                    prints the one line DESIGN.md defines for a benchmark
#   bench_line_nobase NAME VALUE UNIT RSS_MIB
#                    the same line for a benchmark without a baseline or a goal

measure() {
	local out rc
	out=$("$MEASURE" "$@" 2>&1 >/dev/null)
	rc=$?
	local line
	line=$(printf '%s\n' "$out" | grep '^MEASURE ' | tail -1)
	SECS=$(echo "$line" | awk '{print $2}')
	RSS_MIB=$(echo "$line" | awk '{printf "%.1f", $3 / 1024}')
	if [ $rc -ne 0 ]; then
		printf '%s\n' "$out" | grep -v '^MEASURE ' | tail -5 >&2
		echo "bench: command failed (exit $rc): $*" >&2
	fi
	return $rc
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

bench_line() {
	echo "BENCH $1 ratio=$2 goal=$3 $4 $5 baseline=$6 $7 rss=${8}MiB"
}

# bench_line_nobase NAME VALUE UNIT RSS_MIB: a benchmark with nothing to compare against
# (no baseline doing the same work the plain way, no goal): ratio, goal and baseline
# print as "none".
bench_line_nobase() {
	echo "BENCH $1 ratio=none goal=none $2 $3 baseline=none rss=${4}MiB"
}
