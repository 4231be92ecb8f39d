#!/usr/bin/env bash
# Records dup-headers.pcap (run as root on Debian 12; needs tcpdump, python3): HTTP/1.1 requests on loopback
# from 127.0.0.1 to the cluster IPs of DuplicateHeadersCaptureTest's Services (cart 127.0.0.80, origins 127.0.0.81,
# port 8080, Python's server), each with a header written on two lines:
#   1.   GET /, two Host lines: cart:8080, then cart:8080 (written by Python: curl -H 'Host: a' -H 'Host: b' sends
#        one Host line, tcpdump shows)
#   2.   GET /, two Host lines: other.example, then a.shop.example:8080
#   3.   GET /, two Host lines: an empty value, then cart:8080
#   4.-7. GET /, Host origins:8080, two Origin lines (CORS registers origin as an inline header: one value)
. "$(dirname "$0")/record-lib.sh"
http11_server 127.0.0.80:8080 127.0.0.81:8080
sleep 1
raw() { # raw ADDR HEAD: sends the request head as written and reads the reply
    python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.create_connection((sys.argv[1], 8080)); s.sendall(sys.argv[2].encode().decode("unicode_escape").encode())
s.settimeout(2)
try:
    s.recv(256)
except OSError:
    pass
s.close()
PY
}
cap dup-headers.pcap "tcp port 8080" lo
raw 127.0.0.80 'GET / HTTP/1.1\r\nHost: cart:8080\r\nHost: cart:8080\r\nUser-Agent: raw\r\n\r\n'
raw 127.0.0.80 'GET / HTTP/1.1\r\nHost: other.example\r\nHost: a.shop.example:8080\r\n\r\n'
raw 127.0.0.80 'GET / HTTP/1.1\r\nHost:\r\nHost: cart:8080\r\n\r\n'
for pair in 'https://a.example|https://b.example' 'https://b.example|https://a.example' 'null|https://c.example' \
    'https://z.example|https://y.example'; do
    raw 127.0.0.81 "GET / HTTP/1.1\\r\\nHost: origins:8080\\r\\nOrigin: ${pair%%|*}\\r\\nOrigin: ${pair#*|}\\r\\n\\r\\n"
done
stop
stop_servers
cp dup-headers.pcap "$here/"
