# Sourced by the record*.sh scripts beside it (run as root on Debian 12): a scratch directory removed on exit,
# a throw-away certificate, TLS servers in the background, and one tcpdump at a time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
servers=()

cert() { # cert: a self-signed P-256 certificate in cert.pem and key.pem
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout key.pem -out cert.pem -days 1 \
        -subj /CN=x >/dev/null 2>&1
}
tls_server() { # tls_server ADDR:PORT: openssl s_server in the background with cert.pem
    openssl s_server -accept "$1" -cert cert.pem -key key.pem -quiet >/dev/null 2>&1 &
    servers+=($!)
}
stop_servers() { kill "${servers[@]}" 2>/dev/null || true; }
cap() { # cap FILE FILTER IFACE [NETNS]: start tcpdump, remember its pid
    if [ -n "${4:-}" ]; then
        ip netns exec "$4" tcpdump -i "$3" -s 0 -U -w "$1" "$2" >/dev/null 2>&1 &
    else
        tcpdump -i "$3" -s 0 -U -w "$1" "$2" >/dev/null 2>&1 &
    fi
    tcpdump_pid=$!
    sleep 1
}
stop() { sleep 1; kill "$tcpdump_pid"; wait "$tcpdump_pid" 2>/dev/null || true; }
plain_bytes() { # plain_bytes ADDR PORT: a TCP connection that sends "hello\n" (not HTTP, not TLS) and waits for a reply
    python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2]))); s.sendall(b"hello\n"); s.settimeout(2)
try:
    s.recv(64)
except OSError:
    pass
s.close()
PY
}
http11_server() { # http11_server ADDR:PORT...: Python's HTTP/1.1 server answering "ok" on each, in the background
    python3 - "$@" <<'PY' &
import http.server, socketserver, sys, threading
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        self.send_response(200); self.send_header("content-length", "3"); self.end_headers(); self.wfile.write(b"ok\n")
    def log_message(self, *a): pass
socketserver.TCPServer.allow_reuse_address = True
for a in sys.argv[1:]:
    host, port = a.rsplit(":", 1)
    s = socketserver.ThreadingTCPServer((host, int(port)), H)
    threading.Thread(target=s.serve_forever, daemon=True).start()
threading.Event().wait(30)
PY
    servers+=($!)
}
