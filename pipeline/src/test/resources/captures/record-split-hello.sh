#!/usr/bin/env bash
# Records split-hello.pcap (run as root on Debian 12; needs tcpdump, openssl, python3): a TLS connection on
# loopback from 127.0.0.1 to 127.0.0.20:443 (service login's cluster IP in examples/tls-sni) whose ClientHello
# (OpenSSL's, made by Python's ssl module, SNI login.bookinfo.com) the client writes in two send() calls with
# TCP_NODELAY, so it crosses the wire as two TCP segments (the first 100 bytes, then the rest).
. "$(dirname "$0")/record-lib.sh"
cert
tls_server 127.0.0.20:443
sleep 1
cap split-hello.pcap "tcp and host 127.0.0.20 and port 443" lo
python3 - <<'PY'
import socket, ssl, time
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
tls = ctx.wrap_bio(incoming, outgoing, server_hostname="login.bookinfo.com")
try:
    tls.do_handshake()
except ssl.SSLWantReadError:
    pass
hello = outgoing.read()
s = socket.create_connection(("127.0.0.20", 443))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
s.sendall(hello[:100])
time.sleep(0.2)
s.sendall(hello[100:])
s.settimeout(2)
try:
    s.recv(4096)
except OSError:
    pass
s.close()
PY
stop
stop_servers
cp split-hello.pcap "$here/"
