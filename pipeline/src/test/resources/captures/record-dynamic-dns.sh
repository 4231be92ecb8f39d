#!/usr/bin/env bash
# Records dynamic-dns.pcap (run as root on Debian 12; needs tcpdump, curl, python3): connections on loopback from
# 127.0.0.1 (examples/dynamic-dns' productpage pod, under the mesh's ALLOW_ANY_DYNAMIC_DNS):
#   1. HTTP/1.1 GET /v1/items to 127.0.0.60:8088, Host api.example.com:8088  (no service declares 8088: the virtual
#                                                                            outbound listener sniffs it)
#   2. h2c (prior knowledge) GET /v2/h2 to 127.0.0.60:8088, :authority api.example.com:8088
#   3. plain TCP bytes "hello" to 127.0.0.60:8088                            (not HTTP: PassthroughCluster)
#   4. HTTP/1.1 GET /status to 127.0.0.52:7000, Host www.example.com         (cassandra-1's per-endpoint listener,
#                                                                            sniffed port 7000)
#   5. plain TCP bytes "hello" to 127.0.0.51:9042                            (cassandra-0's per-endpoint TCP listener)
. "$(dirname "$0")/record-lib.sh"
python3 - <<'PY' &
import http.server, socketserver, threading
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        self.send_response(200); self.send_header("content-length", "3"); self.end_headers(); self.wfile.write(b"ok\n")
    def log_message(self, *a): pass
socketserver.TCPServer.allow_reuse_address = True
for addr in [("127.0.0.60", 8088), ("127.0.0.52", 7000), ("127.0.0.51", 9042)]:
    s = socketserver.ThreadingTCPServer(addr, H)
    threading.Thread(target=s.serve_forever, daemon=True).start()
threading.Event().wait(30)
PY
servers+=($!)
sleep 1
cap dynamic-dns.pcap "tcp port 8088 or tcp port 7000 or tcp port 9042" lo
curl -s -o /dev/null http://127.0.0.60:8088/v1/items -H 'Host: api.example.com:8088' || true
curl -s -o /dev/null --max-time 3 --http2-prior-knowledge http://127.0.0.60:8088/v2/h2 -H 'Host: api.example.com:8088' \
    || true
plain_bytes 127.0.0.60 8088
curl -s -o /dev/null http://127.0.0.52:7000/status -H 'Host: www.example.com' || true
plain_bytes 127.0.0.51 9042
stop
stop_servers
cp dynamic-dns.pcap "$here/"
