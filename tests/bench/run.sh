#!/bin/sh
# make bench — tlswiz diagnose vs sslscan vs testssl.sh against the same lab servers on
# 127.0.0.1, in one script: wall time (median of N for tlswiz and sslscan, 1 run for
# testssl.sh), TCP connections (counted by the lab itself), peak RSS. Prints a Markdown
# table (doc/performance.md keeps the latest). Never part of `make test`.
set -eu

BIN=${TLSWIZ_BIN:-./build/tlswiz}
RUNS=${BENCH_RUNS:-5}
TESTSSL=${TESTSSL:-$(command -v testssl || command -v testssl.sh || true)}
SSLSCAN=$(command -v sslscan || true)
TMP=$(mktemp -d)
LABOUT=$TMP/lab.txt

"$BIN" lab --only good-rsa rc4-3des >"$LABOUT" 2>/dev/null &
LAB=$!
trap 'kill $LAB 2>/dev/null; wait $LAB 2>/dev/null; rm -rf "$TMP"' EXIT INT TERM
for _ in $(seq 50); do grep -q '^Ctrl-C' "$LABOUT" 2>/dev/null && break; sleep 0.1; done
CA=$(sed -n 's/.*CA file \([^ ]*\).*/\1/p' "$LABOUT" | head -1)
port_of() { awk -v s="$1" '$1 == s { print $2; exit }' "$LABOUT"; }

# connections the lab accepted for a scenario so far (SIGUSR1 prints the counters)
conns() {
	kill -USR1 $LAB
	sleep 0.3
	grep "^connections $1 " "$LABOUT" | tail -1 | awk '{ print $3 }'
}

now() { date +%s.%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# measure NAME SCENARIO RUNS CMD...: prints "median_s conns_per_run peak_rss_kib"
measure() {
	name=$1 scen=$2 runs=$3
	shift 3
	before=$(conns "$scen")
	: >"$TMP/t" ; : >"$TMP/m"
	i=0
	while [ $i -lt "$runs" ]; do
		t0=$(now)
		/usr/bin/time -f '%M' -o "$TMP/rss" "$@" >/dev/null 2>&1 || true
		t1=$(now)
		echo "$t1 - $t0" | bc -l >>"$TMP/t"
		cat "$TMP/rss" >>"$TMP/m"
		i=$((i + 1))
	done
	after=$(conns "$scen")
	echo "$(median <"$TMP/t") $(( (after - before) / runs )) $(sort -n "$TMP/m" | tail -1)"
}

printf '# tlswiz benchmark\n\n'
printf 'machine: %s, %s CPUs, %s\n' "$(uname -m)" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
printf 'tools: %s; %s; %s\n\n' "$("$BIN" --version 2>&1 | head -1)" \
	"$( [ -n "$SSLSCAN" ] && $SSLSCAN --version 2>&1 | grep -o '[0-9]*\.[0-9][0-9.]*' | head -1 | sed 's/^/sslscan /' || echo 'no sslscan')" \
	"$( [ -n "$TESTSSL" ] && $TESTSSL --version 2>&1 | grep -o 'testssl.sh [^ ]*' | head -1 || echo 'no testssl.sh')"
printf '| server | tool | median wall (s) | runs | TCP connections | peak RSS (MiB) | tlswiz faster by |\n'
printf '|---|---|---|---|---|---|---|\n'

for scen in good-rsa rc4-3des; do
	port=$(port_of $scen)
	host=$scen.tlswiz.test
	set -- $(measure tlswiz $scen "$RUNS" "$BIN" diagnose --cafile "$CA" --connect-to 127.0.0.1 "$host:$port")
	tw_t=$1 tw_c=$2 tw_m=$3
	printf '| %s | tlswiz diagnose | %.3f | %s | %s | %.1f | 1x |\n' $scen "$tw_t" "$RUNS" "$tw_c" "$(echo "$tw_m / 1024" | bc -l)"
	if [ -n "$SSLSCAN" ]; then
		set -- $(measure sslscan $scen "$RUNS" "$SSLSCAN" --no-colour --sni-name=$host 127.0.0.1:$port)
		printf '| %s | sslscan | %.3f | %s | %s | %.1f | %.1fx |\n' $scen "$1" "$RUNS" "$2" "$(echo "$3 / 1024" | bc -l)" \
			"$(echo "$1 / $tw_t" | bc -l)"
	fi
	if [ -n "$TESTSSL" ] && [ -z "${BENCH_NO_TESTSSL:-}" ]; then
		set -- $(measure testssl $scen 1 "$TESTSSL" --quiet --color 0 --warnings off --sneaky --ip 127.0.0.1 \
			--add-ca "$CA" "$host:$port")
		printf '| %s | testssl.sh (default run) | %.3f | 1 | %s | %.1f | %.1fx |\n' $scen "$1" "$2" "$(echo "$3 / 1024" | bc -l)" \
			"$(echo "$1 / $tw_t" | bc -l)"
	fi
done
printf '\ncommand: make bench (tests/bench/run.sh); lab servers on 127.0.0.1 started by the script\n'
