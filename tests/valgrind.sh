#!/bin/sh
# make check-valgrind — diagnose lab scenarios under valgrind: no definite or indirect
# leak, no memory error (exit 9 from valgrind fails the run).
set -eu
BIN=${TLSWIZ_BIN:-./build/tlswiz}
TMP=$(mktemp -d)
"$BIN" lab --only good-rsa leaf-only expired rst-after-hello http sni-required >"$TMP/lab" 2>/dev/null &
LAB=$!
trap 'kill $LAB 2>/dev/null; wait $LAB 2>/dev/null; rm -rf "$TMP"' EXIT INT TERM
for _ in $(seq 50); do grep -q '^Ctrl-C' "$TMP/lab" 2>/dev/null && break; sleep 0.1; done
CA=$(sed -n 's/.*CA file \([^ ]*\).*/\1/p' "$TMP/lab" | head -1)
fail=0
for s in good-rsa leaf-only expired rst-after-hello http sni-required; do
	port=$(awk -v s=$s '$1 == s { print $2; exit }' "$TMP/lab")
	host=$(awk -v s=$s '$1 == s { print $3; exit }' "$TMP/lab")
	st=0
	valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=9 \
		"$BIN" diagnose --timeout 15 --cafile "$CA" --connect-to 127.0.0.1 "$host:$port" \
		>/dev/null 2>"$TMP/vg.$s" || st=$?
	if [ $st -eq 9 ] || [ $st -gt 3 ]; then
		echo "valgrind: $s FAILED (exit $st)"; cat "$TMP/vg.$s"; fail=1
	else
		echo "valgrind: $s clean (tlswiz exit $st)"
	fi
done
exit $fail
