#!/usr/bin/env bash
# Records tls-routes.pcap (run as root on Debian 12; needs tcpdump, openssl, python3): TLS and plain TCP
# connections on loopback from 127.0.0.1 to addresses of 127.0.0.0/8 that examples/tls-sni gives meaning to:
#   1. 127.0.0.20:443, SNI login.bookinfo.com   (service login's cluster IP, a TLS port: an exact tls match)
#   2. 127.0.0.20:443, SNI shop.bookinfo.com    (the same service: the *.bookinfo.com match)
#   3. 127.0.0.50:443, SNI www.wikipedia.org    (no service address: the SNI names a ServiceEntry host)
#   4. 127.0.0.60:443, SNI example.com          (no service, no known name: passthrough or BlackHoleCluster)
#   5. 127.0.0.30:3306, plain TCP               (service db's cluster IP, a TCP port: its tcp route)
#   6. 127.0.0.60:5432, plain TCP               (an unknown address on a non-HTTP port)
. "$(dirname "$0")/record-lib.sh"
cert
for a in 127.0.0.20 127.0.0.50 127.0.0.60; do
    tls_server "$a:443"
done
python3 - <<'PY' &
import socket, threading
def serve(addr):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(addr); s.listen()
    while True:
        c, _ = s.accept(); c.recv(4096); c.sendall(b"ok\n"); c.close()
for a in (("127.0.0.30", 3306), ("127.0.0.60", 5432)):
    threading.Thread(target=serve, args=(a,), daemon=True).start()
threading.Event().wait(30)
PY
servers+=($!)
sleep 1
cap tls-routes.pcap "tcp and (port 443 or port 3306 or port 5432)" lo
for c in "127.0.0.20 login.bookinfo.com" "127.0.0.20 shop.bookinfo.com" "127.0.0.50 www.wikipedia.org" \
         "127.0.0.60 example.com"; do
    set -- $c
    echo | timeout 5 openssl s_client -connect "$1:443" -servername "$2" -tls1_3 >/dev/null 2>&1 || true
done
python3 - <<'PY'
import socket
for a in (("127.0.0.30", 3306), ("127.0.0.60", 5432)):
    s = socket.create_connection(a); s.sendall(b"hello\n"); s.recv(64); s.close()
PY
stop
stop_servers
cp tls-routes.pcap "$here/"
