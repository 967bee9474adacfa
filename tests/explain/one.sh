#!/bin/sh
# one.sh CLIENT NAME HOST PORT VIA — run one command-line client against one lab scenario
# and write what it printed to $OUT/raw/CLIENT/NAME.txt (nothing when it succeeded).
# A client killed by timeout(1) printed nothing of its own: its file stays empty (skipped),
# nothing is made up for it. VIA is the proxy port for a proxy scenario ("-" otherwise). Only 127.0.0.1 is contacted:
# names are pinned with --resolve or reached through the lab's CONNECT proxy ($PROXY).
c=$1 name=$2 host=$3 port=$4 via=$5
f=$OUT/raw/$c/$name.txt
mkdir -p "$OUT/raw/$c"
url=https://$host:$port/
case $c in
curl)
	if [ "$via" != - ]; then
		curl -sS -o /dev/null -m 3 --cacert "$CA" -x "http://127.0.0.1:$via" "$url" >"$f" 2>&1
	else
		curl -sS -o /dev/null -m 3 --cacert "$CA" --resolve "$host:$port:127.0.0.1" "$url" >"$f" 2>&1
	fi ;;
wget)
	px=${via#-}; px=${px:-$PROXY}
	https_proxy=http://127.0.0.1:$px no_proxy= timeout 4 wget -nv -O /dev/null -T 3 -t 1 --ca-certificate="$CA" "$url" >"$f" 2>&1 ;;
git)
	px=${via#-}; px=${px:-$PROXY}
	GIT_TERMINAL_PROMPT=0 GIT_SSL_CAINFO=$CA HOME=$OUT/home timeout 5 git -c "http.proxy=http://127.0.0.1:$px" \
		-c http.lowSpeedLimit=1 -c http.lowSpeedTime=3 ls-remote "${url}repo.git" >"$f" 2>&1
	rc=$?
	# the TLS part worked when git got as far as HTTP
	grep -q "unable to access" "$f" || rc=0
	[ $rc = 0 ] && : >"$f"
	exit 0 ;;
gnutls-cli)
	timeout 4 gnutls-cli --x509cafile "$CA" --sni-hostname "$host" --verify-hostname "$host" -p "$port" 127.0.0.1 \
		</dev/null >"$f.all" 2>&1
	rc=$?
	grep -E '^\*\*\*|Status:|[Ee]rror' "$f.all" | grep -v '^\*\*\* Verifying server certificate' | head -8 >"$f"
	rm -f "$f.all" ;;
openssl)
	timeout 4 openssl s_client -connect "127.0.0.1:$port" -servername "$host" -verify_hostname "$host" \
		-CAfile "$CA" -verify_return_error -brief </dev/null >"$f.all" 2>&1
	rc=$?
	grep -v -E '^(CONNECTION ESTABLISHED|Protocol version|Ciphersuite|Peer certificate|Hash used|Signature type|Verification|Supported Elliptic|Shared Elliptic|Peer Temp Key|Server Temp Key|DONE)' "$f.all" | head -8 >"$f"
	rm -f "$f.all" ;;
esac
[ ${rc:-$?} = 0 ] && : >"$f"
exit 0
