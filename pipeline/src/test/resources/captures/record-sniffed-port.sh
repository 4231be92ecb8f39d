#!/usr/bin/env bash
# Records sniffed-port.pcap (run as root on Debian 12; needs tcpdump, curl, python3): connections on loopback from
# 127.0.0.1 to 127.0.0.30:8000, the cluster IP of examples/sniffed-ports' catalog Service, whose port 8000 declares no
# protocol (Istio sniffs it):
#   1. HTTP/1.1 GET /v2/items, Host catalog:8000        (catalog's sniffed listener, its HTTP chain)
#   2. HTTP/1.1 GET /items, Host www.example.com        (the same listener: the original destination picks it)
#   3. h2c (prior knowledge) GET /v2/h2, :authority catalog:8000
#   4. plain TCP bytes "hello"                         (not HTTP: the listener's TCP chain)
. "$(dirname "$0")/record-lib.sh"
python3 - <<'PY' &
import http.server, socketserver, threading
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.send_header("content-length", "3"); self.end_headers(); self.wfile.write(b"ok\n")
    def log_message(self, *a): pass
socketserver.TCPServer.allow_reuse_address = True
s = socketserver.ThreadingTCPServer(("127.0.0.30", 8000), H)
threading.Thread(target=s.serve_forever, daemon=True).start()
threading.Event().wait(30)
PY
servers+=($!)
sleep 1
cap sniffed-port.pcap "tcp port 8000" lo
curl -s -o /dev/null http://127.0.0.30:8000/v2/items -H 'Host: catalog:8000' || true
curl -s -o /dev/null http://127.0.0.30:8000/items -H 'Host: www.example.com' || true
curl -s -o /dev/null --max-time 3 --http2-prior-knowledge http://127.0.0.30:8000/v2/h2 -H 'Host: catalog:8000' || true
plain_bytes 127.0.0.30 8000
stop
stop_servers
cp sniffed-port.pcap "$here/"
