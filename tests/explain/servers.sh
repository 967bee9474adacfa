#!/bin/sh
# servers.sh OUT BASEPORT — server-side log lines for the same failures: nginx, HAProxy,
# Apache httpd and Postfix (as root) run on 127.0.0.1 (ports BASEPORT..+8) with temporary configs and
# openssl-made certificates, real clients provoke each failure, and the lines each case
# added to the server's log are kept as OUT/raw/SERVER/CASE.txt. OUT/server-cases lists
# "case wizard expected-ids". The split into OUT/dev and OUT/held is gen.sh's (cksum of
# server|case), applied by gen.sh's caller (split.sh). A missing server is listed in
# OUT/missing.
set -u
OUT=$1 B=$2
W=$OUT/srv
rm -rf "$W"; mkdir -p "$W" "$OUT/raw"
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || { echo "$1" >>"$OUT/missing"; return 1; }; }
PATH=$PATH:/usr/sbin

# certificates: our CA, the server's leaf, a client of our CA and one of a stranger's
cd "$W" || exit 1
q() { "$@" >/dev/null 2>&1; }
# EC keys are quick to make; the leaf is RSA so that a client offering only ECDSA
# signature algorithms has none in common with it (no-sigalg)
q openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 30 -subj "/CN=explain test CA"
q openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca2.key -out ca2.pem -days 30 -subj "/CN=somebody else's CA"
q openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj "/CN=srv.tlswiz.test"
printf 'subjectAltName=DNS:srv.tlswiz.test\nextendedKeyUsage=serverAuth\n' >srv.ext
q openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem -days 30 -extfile srv.ext
q openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout cli.key -out cli.csr -subj "/CN=client"
q openssl x509 -req -in cli.csr -CA ca2.pem -CAkey ca2.key -CAcreateserial -out cli2.pem -days 30
cat srv.pem srv.key >srv-combined.pem
H=srv.tlswiz.test

# case wizard expect — the truth for each failure provoked below
cat >"$OUT/server-cases" <<CASES
plain-http firewall net.http,net.not_tls
untrusted chain chain.untrusted_root,chain.incomplete
wrong-name certificates cert.hostname_mismatch
old-version versions version.mismatch,version.legacy_only
cipher-mismatch ciphers cipher.no_shared
no-sigalg ciphers cipher.no_shared
no-client-cert certificates cert.client_cert_required
bad-client-cert certificates cert.client_cert_required
sni-unknown sni sni.unknown_name,sni.required
CASES

# run CLIENT-CASE against port: the client command for each case (main: MAIN, mTLS: MTLS)
provoke() {	# case main-port mtls-port sni-port
	c=$1 P=$2 M=$3 S=$4
	case $c in
	plain-http) curl -s -m 3 -o /dev/null "http://127.0.0.1:$P/" ;;
	untrusted) curl -s -m 3 -o /dev/null --resolve "$H:$P:127.0.0.1" "https://$H:$P/" ;;
	wrong-name) timeout 4 openssl s_client -connect "127.0.0.1:$P" -servername wrong.tlswiz.test -CAfile ca.pem \
		-verify_hostname wrong.tlswiz.test -verify_return_error </dev/null ;;
	old-version) timeout 4 openssl s_client -connect "127.0.0.1:$P" -servername $H -tls1_1 -cipher 'DEFAULT@SECLEVEL=0' </dev/null ;;
	cipher-mismatch) timeout 4 openssl s_client -connect "127.0.0.1:$P" -servername $H -tls1_2 -cipher 'AES128-SHA:@SECLEVEL=0' </dev/null ;;
	no-sigalg) timeout 4 openssl s_client -connect "127.0.0.1:$P" -servername $H -tls1_3 -sigalgs 'ECDSA+SHA256' </dev/null ;;
	no-client-cert) [ "$M" = - ] || curl -s -m 3 -o /dev/null --cacert ca.pem --resolve "$H:$M:127.0.0.1" "https://$H:$M/" ;;
	bad-client-cert) [ "$M" = - ] || curl -s -m 3 -o /dev/null --cacert ca.pem --cert cli2.pem --key cli.key --resolve "$H:$M:127.0.0.1" "https://$H:$M/" ;;
	sni-unknown) [ "$S" = - ] || curl -s -m 3 -o /dev/null --cacert ca.pem --resolve "nope.tlswiz.test:$S:127.0.0.1" "https://nope.tlswiz.test:$S/" ;;
	esac >/dev/null 2>&1
}

# the same failures over SMTP STARTTLS (Postfix). Port E requires STARTTLS; a client that
# skips it is not logged by smtpd beyond "mail=0/1", so no case is built on it.
provoke_smtp() {	# case port encrypt-port
	c=$1 P=$2 E=$3
	sc() { timeout 4 openssl s_client -starttls smtp -connect "127.0.0.1:$P" -servername $H "$@" </dev/null; }
	case $c in
	untrusted) curl -s -m 3 --url "smtp://$H:$P" --resolve "$H:$P:127.0.0.1" --ssl-reqd --mail-from a@tlswiz.test \
		--mail-rcpt b@tlswiz.test -T /dev/null ;;
	wrong-name) sc -CAfile ca.pem -verify_hostname wrong.tlswiz.test -verify_return_error ;;
	old-version) sc -tls1_1 -cipher 'DEFAULT@SECLEVEL=0' ;;
	cipher-mismatch) sc -tls1_2 -cipher 'AES128-SHA:@SECLEVEL=0' ;;
	no-sigalg) sc -tls1_3 -sigalgs 'ECDSA+SHA256' ;;
	esac >/dev/null 2>&1
}

# every case in turn, keeping the log lines each one added
collect() {	# server logfile main mtls sni
	s=$1 log=$2
	mkdir -p "$OUT/raw/$s"
	while read -r c _ _; do
		before=$(wc -c <"$log" 2>/dev/null || echo 0)
		if [ "$s" = postfix ]; then provoke_smtp "$c" "$3" "$4"; else provoke "$c" "$3" "$4" "$5"; fi
		sleep 0.3	# the server writes its line after the client is gone
		tail -c +$((before + 1)) "$log" >"$OUT/raw/$s/$c.txt"
	done <"$OUT/server-cases"
}

if have nginx; then (
	mkdir -p nginx
	cat >nginx/nginx.conf <<NGX
daemon off;
master_process off;
pid $W/nginx/pid;
error_log $W/nginx/error.log info;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $W/nginx; proxy_temp_path $W/nginx; fastcgi_temp_path $W/nginx;
	uwsgi_temp_path $W/nginx; scgi_temp_path $W/nginx;
	ssl_protocols TLSv1.2 TLSv1.3;
	ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384;
	ssl_certificate $W/srv.pem;
	ssl_certificate_key $W/srv.key;
	server { listen 127.0.0.1:$B ssl; server_name $H; return 200 "ok\n"; }
	server { listen 127.0.0.1:$((B + 1)) ssl; server_name $H; ssl_verify_client on;
		 ssl_client_certificate $W/ca.pem; return 200 "ok\n"; }
	server { listen 127.0.0.1:$((B + 2)) ssl default_server; ssl_reject_handshake on; }
	server { listen 127.0.0.1:$((B + 2)) ssl; server_name $H; return 200 "ok\n"; }
}
NGX
	: >nginx/error.log
	nginx -c "$W/nginx/nginx.conf" -e "$W/nginx/error.log" 2>>nginx/start.err &
	NGX_PID=$!
	sleep 0.5
	collect nginx nginx/error.log $B $((B + 1)) $((B + 2))
	kill $NGX_PID 2>/dev/null; wait $NGX_PID 2>/dev/null
) & fi

if have haproxy; then (
	mkdir -p haproxy
	cat >haproxy/haproxy.cfg <<HAP
global
	log stdout format raw local0 info
	ssl-default-bind-ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384
	ssl-default-bind-options ssl-min-ver TLSv1.2
defaults
	mode http
	log global
	option httplog
	timeout connect 2s
	timeout client 3s
	timeout server 3s
frontend main
	bind 127.0.0.1:$((B + 3)) ssl crt $W/srv-combined.pem
	http-request return status 200 content-type text/plain string ok
frontend mtls
	bind 127.0.0.1:$((B + 4)) ssl crt $W/srv-combined.pem ca-file $W/ca.pem verify required
	http-request return status 200 content-type text/plain string ok
HAP
	haproxy -f haproxy/haproxy.cfg -db >haproxy/log 2>&1 &
	HAP_PID=$!
	sleep 0.5
	collect haproxy haproxy/log $((B + 3)) $((B + 4)) -
	kill $HAP_PID 2>/dev/null; wait $HAP_PID 2>/dev/null
) & fi

if have apache2; then (
	mkdir -p apache
	M=/usr/lib/apache2/modules
	cat >apache/httpd.conf <<APA
ServerRoot $W/apache
ServerName localhost
PidFile $W/apache/pid
DefaultRuntimeDir $W/apache
Mutex file:$W/apache default
LoadModule mpm_prefork_module $M/mod_mpm_prefork.so
LoadModule authz_core_module $M/mod_authz_core.so
LoadModule socache_shmcb_module $M/mod_socache_shmcb.so
LoadModule ssl_module $M/mod_ssl.so
User nobody
Group nogroup
ErrorLog $W/apache/error.log
LogLevel info ssl:info
SSLSessionCache none
Listen 127.0.0.1:$((B + 5))
Listen 127.0.0.1:$((B + 6))
<VirtualHost 127.0.0.1:$((B + 5))>
	ServerName $H
	SSLEngine on
	SSLProtocol -all +TLSv1.2 +TLSv1.3
	SSLCipherSuite ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384
	SSLCertificateFile $W/srv.pem
	SSLCertificateKeyFile $W/srv.key
</VirtualHost>
<VirtualHost 127.0.0.1:$((B + 6))>
	ServerName $H
	SSLEngine on
	SSLCertificateFile $W/srv.pem
	SSLCertificateKeyFile $W/srv.key
	SSLCACertificateFile $W/ca.pem
	SSLVerifyClient require
</VirtualHost>
APA
	: >apache/error.log
	chmod 755 "$W" "$W/apache"
	apache2 -X -f "$W/apache/httpd.conf" >apache/start.err 2>&1 &
	APA_PID=$!
	sleep 0.8
	collect apache apache/error.log $((B + 5)) $((B + 6)) -
	kill $APA_PID 2>/dev/null; wait $APA_PID 2>/dev/null
) & fi
# Postfix needs root (its queue belongs to the postfix user) and logs through postlogd
if [ "$(id -u)" = 0 ] && have postfix; then (
	P=$W/postfix
	mkdir -p "$P/conf" "$P/queue" "$P/data"
	chown postfix "$P/data"
	cat >"$P/conf/main.cf" <<PFX
compatibility_level = 3.6
queue_directory = $P/queue
data_directory = $P/data
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = $H
mydestination =
local_recipient_maps =
maillog_file_prefixes = $P
maillog_file = $P/maillog
smtpd_tls_cert_file = $W/srv.pem
smtpd_tls_key_file = $W/srv.key
smtpd_tls_security_level = may
smtpd_tls_loglevel = 1
smtpd_tls_protocols = >=TLSv1.2
smtpd_tls_ciphers = high
tls_high_cipherlist = ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384
smtpd_tls_session_cache_database =
PFX
	{
		echo "127.0.0.1:$((B + 7)) inet n - n - - smtpd"
		echo "127.0.0.1:$((B + 8)) inet n - n - - smtpd -o smtpd_tls_security_level=encrypt"
		for svc in "pickup unix n - n 60 1 pickup" "cleanup unix n - n - 0 cleanup" "qmgr unix n - n 300 1 qmgr" \
			"tlsmgr unix - - n 1000? 1 tlsmgr" "rewrite unix - - n - - trivial-rewrite" \
			"bounce unix - - n - 0 bounce" "defer unix - - n - 0 bounce" "trace unix - - n - 0 bounce" \
			"verify unix - - n - 1 verify" "flush unix n - n 1000? 0 flush" "proxymap unix - - n - - proxymap" \
			"smtp unix - - n - - smtp" "showq unix n - n - - showq" "error unix - - n - - error" \
			"discard unix - - n - - discard" "local unix - n n - - local" "anvil unix - - n - 1 anvil" \
			"scache unix - - n - 1 scache" "postlog unix-dgram n - n - 1 postlogd"; do
			echo "$svc"
		done
	} >"$P/conf/master.cf"
	: >"$P/maillog"
	postfix -c "$P/conf" start >"$P/start.err" 2>&1
	sleep 1.5
	collect postfix "$P/maillog" $((B + 7)) $((B + 8)) -
	postfix -c "$P/conf" stop >/dev/null 2>&1
) & fi
wait
exit 0
