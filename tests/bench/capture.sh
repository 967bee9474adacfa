#!/bin/bash
# Capture benchmark (make bench runs it after the others; it also runs alone):
# a generated ~100 MB, 20,000-connection capture — real handshakes recorded on loopback
# (curl and openssl s_client against `openssl s_server -www`, plus a client refusing an
# expired certificate from the lab), replayed with new client ports and start times so
# that a few dozen connections overlap — read by `tlswiz capture` and by
# `tshark -Y tls -T fields` in the same run. Prints wall time, peak RSS and the number
# of connections tlswiz reported. Needs root (dumpcap on lo), tshark, python3.
set -eu

BIN=$(readlink -f "${TLSWIZ_BIN:-./build/tlswiz}")
CONNS=${BENCH_CAPTURE_CONNS:-20000}
TMP=$(mktemp -d)
SRV= LAB= DUMP=
trap 'for p in $DUMP $SRV $LAB; do kill $p 2>/dev/null || true; done; rm -rf "$TMP"' EXIT INT TERM

cd "$TMP"
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=bench.tlswiz.test -keyout k.pem -out c.pem -days 2 >/dev/null 2>&1
PORT=$((30000 + RANDOM % 20000))
openssl s_server -quiet -www -accept $PORT -cert c.pem -key k.pem >/dev/null 2>&1 &
SRV=$!
"$BIN" lab --only expired >lab.txt 2>/dev/null &
LAB=$!
for _ in $(seq 50); do grep -q '^Ctrl-C' lab.txt 2>/dev/null && break; sleep 0.1; done
EXP=$(awk '$1 == "expired" { print $2; exit }' lab.txt)
CA=$(sed -n 's/.*CA file \([^ ]*\).*/\1/p' lab.txt | head -1)
dumpcap -q -i lo -f "tcp port $PORT or tcp port $EXP" -w template.pcap -P >/dev/null 2>&1 &
DUMP=$!
sleep 1.5
curl -s -k -o /dev/null "https://127.0.0.1:$PORT/" || true
openssl s_client -connect 127.0.0.1:$PORT </dev/null >/dev/null 2>&1 || true
curl -s -k -o /dev/null --tls-max 1.2 "https://127.0.0.1:$PORT/" || true
curl -s -o /dev/null --cacert "$CA" --connect-to "expired.tlswiz.test:$EXP:127.0.0.1:$EXP" "https://expired.tlswiz.test:$EXP/" || true
sleep 1
kill $DUMP; wait $DUMP 2>/dev/null || true
DUMP=

python3 - "$CONNS" template.pcap big.pcap <<'EOF'
import struct, sys, heapq
n, src, dst = int(sys.argv[1]), sys.argv[2], sys.argv[3]
data = open(src, 'rb').read()
hdr, off = data[:24], 24
assert struct.unpack('<I', hdr[:4])[0] == 0xa1b2c3d4
pkts = []
while off + 16 <= len(data):
    s, us, incl, orig = struct.unpack('<IIII', data[off:off + 16])
    pkts.append((s + us / 1e6, data[off + 16:off + 16 + incl]))
    off += 16 + incl
# group by connection: Ethernet + IPv4 + TCP, the client is the SYN sender
conns = {}
for t, p in pkts:
    ihl = (p[14] & 15) * 4
    sp, dp = struct.unpack('>HH', p[14 + ihl:18 + ihl])
    flags = p[14 + ihl + 13]
    key = tuple(sorted((sp, dp)))
    c = conns.setdefault(key, {'client': None, 'pk': []})
    if flags & 0x12 == 0x02:
        c['client'] = sp
    c['pk'].append((t, p, ihl, sp))
tmpl = [c for c in conns.values() if c['client']]
out = open(dst, 'wb')
out.write(hdr)
heap = []
for i in range(n):
    c = tmpl[i % len(tmpl)]
    t0 = c['pk'][0][0]
    start = 1700000000 + i * 0.002
    port = 10000 + i
    for t, p, ihl, sp in c['pk']:
        heapq.heappush(heap, (start + (t - t0), i, p, ihl, sp == c['client'], port))
    while heap and heap[0][0] < start - 0.5:
        flush = heapq.heappop(heap)
        t, _, p, ihl, fromc, port2 = flush
        b = bytearray(p)
        o = 14 + ihl + (0 if fromc else 2)
        b[o:o + 2] = struct.pack('>H', port2)
        out.write(struct.pack('<IIII', int(t), int((t % 1) * 1e6), len(b), len(b)) + b)
while heap:
    t, _, p, ihl, fromc, port2 = heapq.heappop(heap)
    b = bytearray(p)
    o = 14 + ihl + (0 if fromc else 2)
    b[o:o + 2] = struct.pack('>H', port2)
    out.write(struct.pack('<IIII', int(t), int((t % 1) * 1e6), len(b), len(b)) + b)
out.close()
EOF
SIZE=$(stat -c %s big.pcap)

now() { echo "$EPOCHREALTIME"; }
t0=$(now); "$BIN" capture big.pcap >tw.txt || true; t1=$(now)
TW=$(echo "$t1 - $t0" | bc -l)
t0=$(now); tshark -r big.pcap -Y tls -T fields -e tls.handshake.type >/dev/null 2>&1 || true; t1=$(now)
TS=$(echo "$t1 - $t0" | bc -l)
RSS=$( (/usr/bin/time -f %M "$BIN" capture big.pcap >/dev/null) 2>&1 | tail -1)
REPORTED=$(sed -n 's/.*packets, \([0-9]*\) TCP connections with data.*/\1/p' tw.txt | head -1)
LADDERS=$(grep -c '^#[0-9]* .* -> ' tw.txt || true)

echo
echo "### capture: $((SIZE / 1000000)) MB, $CONNS connections generated"
echo
echo "| tool | wall s | peak RSS MiB | connections reported |"
echo "|---|---|---|---|"
printf '| tlswiz capture | %.2f | %.1f | %s (%s ladders) |\n' "$TW" "$(echo "$RSS / 1024" | bc -l)" "$REPORTED" "$LADDERS"
printf '| tshark -Y tls -T fields | %.2f | - | - |\n' "$TS"
printf '\nspeed-up: %.1fx\n' "$(echo "$TS / $TW" | bc -l)"
