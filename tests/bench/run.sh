#!/bin/bash
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

# Wall time from bash's own clock ($EPOCHREALTIME: no fork around the command, so the
# harness adds next to nothing to either tool); peak RSS from one more run under
# /usr/bin/time, outside the timed ones.
now() { echo "$EPOCHREALTIME"; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# measure NAME SCENARIO RUNS CMD...: prints "median_s conns_per_run peak_rss_kib"
measure() {
	name=$1 scen=$2 runs=$3
	shift 3
	before=$(conns "$scen")
	: >"$TMP/t"
	i=0
	while [ $i -lt "$runs" ]; do
		t0=$EPOCHREALTIME
		"$@" >/dev/null 2>&1 || true
		t1=$EPOCHREALTIME
		echo "$t1 - $t0" | bc -l >>"$TMP/t"
		i=$((i + 1))
	done
	/usr/bin/time -f '%M' -o "$TMP/rss" "$@" >/dev/null 2>&1 || true
	after=$(conns "$scen")
	echo "$(median <"$TMP/t") $(( (after - before) / (runs + 1) )) $(tail -1 "$TMP/rss")"
}

printf '# tlswiz benchmark\n\n'
printf 'machine: %s, %s CPUs, %s\n' "$(uname -m)" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
printf 'tools: %s; %s; %s\n\n' "$("$BIN" --version 2>&1 | head -1)" \
	"$( [ -n "$SSLSCAN" ] && $SSLSCAN --version 2>&1 | grep -o '[0-9]*\.[0-9][0-9.]*' | head -1 | sed 's/^/sslscan /' || echo 'no sslscan')" \
	"$( [ -n "$TESTSSL" ] && $TESTSSL --version 2>&1 | grep -o 'testssl[. a-z]* [0-9][0-9.]*' | head -1 | sed 's/  */ /g' || echo 'no testssl.sh')"
printf '| server | tool | median wall (s) | runs | TCP connections | peak RSS (MiB) | tlswiz faster by |\n'
printf '|---|---|---|---|---|---|---|\n'

for scen in good-rsa rc4-3des; do
	port=$(port_of $scen)
	host=$scen.tlswiz.test
	set -- $(measure tlswiz $scen "$RUNS" "$BIN" diagnose --cafile "$CA" --connect-to 127.0.0.1 "$host:$port")
	tw_t=$1 tw_c=$2 tw_m=$3
	printf '| %s | tlswiz diagnose | %.3f | %s | %s | %.1f | 1x |\n' $scen "$tw_t" "$RUNS" "$tw_c" "$(echo "$tw_m / 1024" | bc -l)"
	set -- $(measure tlswiz $scen "$RUNS" "$BIN" wizard ciphers --cafile "$CA" --connect-to 127.0.0.1 "$host:$port")
	printf '| %s | tlswiz wizard ciphers (every suite of every version + 17 clients) | %.3f | %s | %s | %.1f | |\n' $scen "$1" "$RUNS" "$2" "$(echo "$3 / 1024" | bc -l)"
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
# explain: 100 MB of nginx error and access log (40 % TLS errors), grouped by cause
awk 'BEGIN { srand(1); while (n < 100 * 1024 * 1024) { r = int(rand() * 5); a = 1 + int(rand() * 254);
	if (r == 0) l = "2024/05/01 12:00:00 [info] 123#0: *45 SSL_do_handshake() failed (SSL: error:0A0000C1:SSL routines::no shared cipher) while SSL handshaking, client: 192.0.2." a ", server: 0.0.0.0:443";
	else if (r == 1) l = "2024/05/01 12:00:01 [info] 123#0: *46 SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol) while SSL handshaking, client: 198.51.100." a ", server: 0.0.0.0:443";
	else if (r == 2) l = "192.0.2." a " - - [01/May/2024:12:00:00 +0000] \"GET /index.html HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"";
	else if (r == 3) l = "192.0.2." a " - - [01/May/2024:12:00:00 +0000] \"GET /static/app.js HTTP/1.1\" 304 0 \"-\" \"Mozilla/5.0\"";
	else l = "2024/05/01 12:00:02 [info] 123#0: *47 client closed connection while waiting for request, client: 192.0.2." a ", server: 0.0.0.0:443";
	print l; n += length(l) + 1 } }' >"$TMP/big.log"
t0=$(now)
"$BIN" explain --log - <"$TMP/big.log" >/dev/null
t1=$(now)
printf '\n| explain --log | %s MB of nginx log, %s lines | %.2f s |\n' $(( $(wc -c <"$TMP/big.log") / 1048576 )) \
	"$(wc -l <"$TMP/big.log")" "$(echo "$t1 - $t0" | bc -l)"
# Idle TUI: the home screen on the built-in lab in a detached tmux pane (80x24); CPU
# time (utime + stime of the whole process, lab threads included) over 5 idle seconds.
if command -v tmux >/dev/null; then
	sock=$TMP/tmux.sock
	tmux -S "$sock" new-session -d -x 80 -y 24 "$BIN --lab"
	pid=
	for _ in $(seq 50); do
		pid=$(pgrep -f -n -- "$BIN --lab" || true)
		[ -n "$pid" ] && tmux -S "$sock" capture-pane -p | grep -q . && break
		sleep 0.1
	done
	sleep 2
	if [ -n "$pid" ] && [ -r /proc/$pid/stat ]; then
		tick=$(getconf CLK_TCK)
		c0=$(awk '{ print $14 + $15 }' /proc/$pid/stat)
		sleep 5
		c1=$(awk '{ print $14 + $15 }' /proc/$pid/stat)
		printf '| idle TUI | home screen on the lab, tmux 80x24, 5 s | %s ms CPU (%.2f %%) |\n' \
			"$(( (c1 - c0) * 1000 / tick ))" "$(echo "($c1 - $c0) * 100 / $tick / 5" | bc -l)"
	fi
	tmux -S "$sock" kill-server 2>/dev/null || true
	# Key-to-screen while a diagnosis runs, and the live ladder's CPU (tests/bench/tui_keys.py)
	python3 tests/bench/tui_keys.py "$BIN" || true
fi
printf '\ncommand: make bench (tests/bench/run.sh); lab servers on 127.0.0.1 started by the script\n'

# capture: a generated 20,000-connection capture, tlswiz capture vs tshark (tests/bench/capture.sh)
bash "$(dirname "$0")/capture.sh"
