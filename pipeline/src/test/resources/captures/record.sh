#!/usr/bin/env bash
# Records the protocol captures kept beside this script (run as root on Debian 12; needs tcpdump, openssl,
# nghttp2-client, nghttp2-server, iproute2, python3). Every capture is real traffic on loopback or on a veth pair
# inside network namespaces this script creates and removes, except geneve-h2c.pcap (see geneve.py).
. "$(dirname "$0")/record-lib.sh"

# 1. TLS ClientHello with SNI (openssl s_server / s_client -servername)
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 1 -subj /CN=reviews >/dev/null 2>&1
openssl s_server -accept 9443 -cert cert.pem -key key.pem -quiet >/dev/null 2>&1 &
server=$!
sleep 1
cap tls-sni.pcap "tcp port 9443" lo
echo | openssl s_client -connect 127.0.0.1:9443 -servername reviews.default.svc.cluster.local >/dev/null 2>&1 || true
echo | openssl s_client -connect 127.0.0.1:9443 -noservername >/dev/null 2>&1 || true
stop
kill "$server"

# 2. HTTP/2 with prior knowledge (h2c): nghttpd --no-tls; nghttp sends three requests on one connection
#    (the later HEADERS frames use HPACK's dynamic table), curl --http2-prior-knowledge one more connection.
mkdir -p www/reviews && echo ok > www/reviews/1 && echo ok > www/reviews/2 && echo ok > www/ratings
nghttpd --no-tls -d www 9080 >/dev/null 2>&1 &
server=$!
sleep 1
cap h2c.pcap "tcp port 9080" lo
nghttp -n -H ':authority: reviews' http://127.0.0.1:9080/reviews/1 http://127.0.0.1:9080/reviews/2 \
    http://127.0.0.1:9080/ratings
curl -s -o /dev/null --http2-prior-knowledge -X POST -H 'content-type: application/grpc' -H 'te: trailers' \
    --data-binary @www/ratings http://reviews:9080/reviews.Reviews/Get --resolve reviews:9080:127.0.0.1 || true
stop
kill "$server"

# 3. An HTTP/1.1 request head in four TCP segments (TCP_NODELAY, a pause between sends)
python3 -m http.server 9081 --bind 127.0.0.1 >/dev/null 2>&1 &
server=$!
sleep 1
cap split-head.pcap "tcp port 9081" lo
python3 - <<'PY'
import socket, time
s = socket.create_connection(("127.0.0.1", 9081))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
for part in (b"GET /reviews/1 HT", b"TP/1.1\r\nUser-Agent: split\r\nHo", b"st: reviews:9080\r\nend-user: jas",
             b"on\r\n\r\n"):
    s.sendall(part)
    time.sleep(0.2)
s.recv(65536)
s.close()
PY
stop
kill "$server"

# 4. VXLAN: two namespaces joined by a veth pair, a vxlan device (VNI 42, UDP 4789) on each side; an HTTP
#    request over the inner addresses, captured on the outer veth.
ip netns add wsa
ip netns add wsb
cleanup_ns() { ip netns del wsa 2>/dev/null || true; ip netns del wsb 2>/dev/null || true; rm -rf "$work"; }
trap cleanup_ns EXIT
ip link add wsveth0 netns wsa type veth peer name wsveth1 netns wsb
ip -n wsa addr add 10.99.0.1/24 dev wsveth0
ip -n wsb addr add 10.99.0.2/24 dev wsveth1
ip -n wsa link set wsveth0 up
ip -n wsb link set wsveth1 up
ip -n wsa link set lo up
ip -n wsb link set lo up
ip -n wsa link add vx42 type vxlan id 42 dstport 4789 remote 10.99.0.2 local 10.99.0.1 dev wsveth0
ip -n wsb link add vx42 type vxlan id 42 dstport 4789 remote 10.99.0.1 local 10.99.0.2 dev wsveth1
ip -n wsa addr add 10.200.0.1/24 dev vx42
ip -n wsb addr add 10.200.0.2/24 dev vx42
ip -n wsa link set vx42 up
ip -n wsb link set vx42 up
ip netns exec wsb python3 -m http.server 9080 --bind 10.200.0.2 >/dev/null 2>&1 &
server=$!
sleep 1
cap vxlan-http.pcap "udp port 4789" wsveth0 wsa
ip netns exec wsa curl -s -o /dev/null -H 'Host: reviews' http://10.200.0.2:9080/reviews/1 || true
stop
kill "$server"

# 5. GENEVE: this kernel has no geneve module, so geneve.py wraps the inner frames of the VXLAN capture in
#    real-format GENEVE headers (UDP 6081, VNI 7, one option), keeping the outer Ethernet/IPv4 headers.
python3 "$here/geneve.py" vxlan-http.pcap geneve-http.pcap

cp tls-sni.pcap h2c.pcap split-head.pcap vxlan-http.pcap geneve-http.pcap "$here/"
