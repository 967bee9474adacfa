#!/bin/sh
# gen.sh OUT SCENARIOS CA PROXYPORT [SERVERPORT] — the explain corpus: run the real clients Debian
# provides against every lab scenario (SCENARIOS: "name host port via" lines, via = the
# proxy port of a proxy scenario or "-") and write what each printed when it failed.
#
# The split is fixed before any rule is written: a (client, scenario) pair whose cksum is
# 0, 1 or 2 mod 10 is held out (OUT/held/), the rest is for development (OUT/dev/). Each
# holds CLIENT/SCENARIO.txt. A client program that is missing is listed in OUT/missing.
# With SERVERPORT, servers.sh adds the logs of nginx, HAProxy, Apache and Postfix for the
# same failures (ports SERVERPORT..+8). Parallel: the command-line clients through xargs, one process each for Python, Node,
# Java and Go (every scenario in threads).
set -u
OUT=$1 SCEN=$2 CA=$3 PROXY=$4 SRVPORT=${5:-}
HERE=$(cd "$(dirname "$0")" && pwd)
export OUT CA PROXY
rm -rf "$OUT/raw" "$OUT/dev" "$OUT/held" "$OUT/missing" "$OUT/server-cases"
mkdir -p "$OUT/raw" "$OUT/home" "$OUT/bin"
: >"$OUT/missing"
have() { command -v "$1" >/dev/null 2>&1 || { echo "$1" >>"$OUT/missing"; return 1; }; }

T0=$(date +%s)
took() { echo "$1 $(($(date +%s) - T0)) s" >>"$OUT/timing"; }
: >"$OUT/timing"
have python3 && { /usr/bin/env python3 "$HERE/client.py" "$SCEN" "$CA" "$OUT/raw/python" 2>"$OUT/python.err"; took python; } &
have node && { node "$HERE/client.js" "$SCEN" "$CA" "$OUT/raw/node" 2>"$OUT/node.err"; took node; } &
have java && { java -XX:TieredStopAtLevel=1 -Xshare:auto "$HERE/Client.java" "$SCEN" "$CA" "$OUT/raw/java" 2>"$OUT/java.err"; took java; } &
if have go; then
	( cd "$OUT/bin" && cp "$HERE/client.go" main.go && [ -f go.mod ] || printf 'module explaincorpus\n\ngo 1.19\n' >go.mod
	  GOCACHE=${GOCACHE:-$OUT/gocache} go build -o client-go . &&
	  ./client-go "$SCEN" "$CA" "$OUT/raw/go"; took go ) 2>"$OUT/go.err" &
fi
[ -n "$SRVPORT" ] && { sh "$HERE/servers.sh" "$OUT" "$SRVPORT" >"$OUT/servers.err" 2>&1; took servers; } &
clients=
for c in curl wget git gnutls-cli openssl; do have "$c" && clients="$clients $c"; done
# scenario-major, so that the clients a silent scenario holds up are spread over the run
while read -r name host port via; do
	for c in $clients; do
		case $c in curl|wget|git) ;; *) [ "$via" = - ] || continue ;; esac
		echo "$c $name $host $port $via"
	done
done <"$SCEN" | xargs -P 20 -n 5 sh "$HERE/one.sh"
took command-line
wait

# split, and drop the empty files of clients that succeeded
for d in "$OUT"/raw/*; do
	[ -d "$d" ] || continue
	c=${d##*/}
	for f in "$d"/*.txt; do
		[ -s "$f" ] || continue
		s=${f##*/}; s=${s%.txt}
		h=$(printf '%s|%s' "$c" "$s" | cksum | cut -d' ' -f1)
		part=dev; [ $((h % 10)) -lt 3 ] && part=held
		mkdir -p "$OUT/$part/$c"
		mv "$f" "$OUT/$part/$c/$s.txt"
	done
done
rm -rf "$OUT/raw"
