#!/usr/bin/env bash
# Records listener-addresses.pcap (run as root on Debian 12; needs tcpdump, curl, python3): requests on loopback from
# the client frontend 127.0.0.11 against examples/listener-addresses, where three services share port 8000 with three
# listener kinds, so the listener Envoy picks depends on the destination address (docs/routing.md §1 item 8):
#   1. -> 127.0.0.30:8000 GET /items, Host catalog:8000      (catalog's sniffed listener: HTTP, catalog)
#   2. -> 127.0.0.40:8000 GET /reviews/1, Host reviews:8000  (no address listener: the wildcard HTTP listener)
#   3. -> 127.0.0.50:8000 GET /balance, Host ledger:8000     (ledger's TCP listener: a connection to ledger)
#   4. -> 127.0.0.60:8000 GET /items, Host catalog:8000      (no address listener: the wildcard HTTP listener)
#   5. -> 127.0.0.30:7000 GET /items, Host catalog:7000      (catalog's sniffed listener on 7000)
#   6. -> 127.0.0.60:7000 GET /items, Host catalog:7000      (no listener at all on 7000 there: virtual outbound)
#   7. -> 127.0.0.50:8000 "hello\n"                          (ledger's TCP listener)
#   8. -> 127.0.0.30:8000 "hello\n"                          (catalog's sniffed listener: its TCP chain)
. "$(dirname "$0")/record-lib.sh"
http11_server 127.0.0.30:8000 127.0.0.40:8000 127.0.0.50:8000 127.0.0.60:8000 127.0.0.30:7000 127.0.0.60:7000
sleep 1
cap listener-addresses.pcap "tcp and (port 8000 or port 7000)" lo
for target in "127.0.0.30:8000/items catalog:8000" "127.0.0.40:8000/reviews/1 reviews:8000" \
        "127.0.0.50:8000/balance ledger:8000" "127.0.0.60:8000/items catalog:8000" \
        "127.0.0.30:7000/items catalog:7000" "127.0.0.60:7000/items catalog:7000"; do
    set -- $target
    curl -s -o /dev/null --interface 127.0.0.11 "http://$1" -H "Host: $2" || true
done
for server in 127.0.0.50 127.0.0.30; do
    python3 - "$server" <<'PY'
import socket, sys
s = socket.create_connection((sys.argv[1], 8000), source_address=("127.0.0.11", 0)); s.sendall(b"hello\n")
s.settimeout(2)
try:
    s.recv(256)
except OSError:
    pass
s.close()
PY
done
stop
stop_servers
cp listener-addresses.pcap "$here/"
