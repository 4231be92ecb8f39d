#!/usr/bin/env bash
# Records http10.pcap (run as root on Debian 12; needs tcpdump, curl, python3): connections on loopback from
# 127.0.0.1 to 127.0.0.30:8000, the cluster IP of examples/sniffed-ports' catalog Service, whose port 8000 declares no
# protocol (Istio sniffs it), and to 127.0.0.40:9080, reviews' HTTP port:
#   1. HTTP/1.0 GET /v2/items, Host catalog:8000        (sniffed: http/1.0 matches no HTTP chain, the TCP chain)
#   2. HTTP/1.1 GET /v2/items, Host catalog:8000        (sniffed: the HTTP chain, as in sniffed-port.pcap)
#   3. HTTP/1.0 GET /reviews/1, Host reviews:9080       (an HTTP port: Envoy's codec answers 426 Upgrade Required)
. "$(dirname "$0")/record-lib.sh"
python3 - <<'PY' &
import http.server, socketserver, threading
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.send_header("content-length", "3"); self.end_headers(); self.wfile.write(b"ok\n")
    def log_message(self, *a): pass
socketserver.TCPServer.allow_reuse_address = True
for addr in (("127.0.0.30", 8000), ("127.0.0.40", 9080)):
    s = socketserver.ThreadingTCPServer(addr, H)
    threading.Thread(target=s.serve_forever, daemon=True).start()
threading.Event().wait(30)
PY
servers+=($!)
for _ in $(seq 50); do ss -ltn | grep -q '127.0.0.30:8000' && ss -ltn | grep -q '127.0.0.40:9080' && break; sleep 0.2; done
cap http10.pcap "tcp port 8000 or tcp port 9080" lo
curl -s -o /dev/null --http1.0 http://127.0.0.30:8000/v2/items -H 'Host: catalog:8000' || true
curl -s -o /dev/null http://127.0.0.30:8000/v2/items -H 'Host: catalog:8000' || true
curl -s -o /dev/null --http1.0 http://127.0.0.40:9080/reviews/1 -H 'Host: reviews:9080' || true
stop
stop_servers
cp http10.pcap "$here/"
