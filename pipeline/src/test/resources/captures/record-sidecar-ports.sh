#!/usr/bin/env bash
# Records sidecar-ports.pcap (run as root on Debian 12; needs tcpdump, curl, python3): six HTTP/1.1 requests on loopback
# against examples/sidecar-ports, each client's twice, from two mesh workloads whose Sidecars give them different
# listeners on the same ports (docs/routing.md §1 item 8):
#   1. frontend 127.0.0.11 -> catalog 127.0.0.30:8080 GET /v2/items    (HTTP for frontend: catalog-route, v2)
#   2. batch    127.0.0.12 -> catalog 127.0.0.30:8080 GET /v2/items    (TCP for batch: catalog-route's tcp route, v1)
#   3. frontend 127.0.0.11 -> reviews 127.0.0.40:9080 GET /reviews/1   (HTTP: reviews' default route)
#   4. batch    127.0.0.12 -> reviews 127.0.0.40:9080 GET /reviews/1   (reviews hidden from batch: PassthroughCluster)
#   5. frontend 127.0.0.11 -> inventory 127.0.0.50:7000 GET /stock     (HTTP for frontend: the catch-all, allow_any)
#   6. batch    127.0.0.12 -> inventory 127.0.0.50:7000 GET /stock     (TCP: inventory's default route)
. "$(dirname "$0")/record-lib.sh"
http11_server 127.0.0.30:8080 127.0.0.40:9080 127.0.0.50:7000
sleep 1
cap sidecar-ports.pcap "tcp and (port 8080 or port 9080 or port 7000)" lo
for target in "127.0.0.30:8080/v2/items catalog:8080" "127.0.0.40:9080/reviews/1 reviews:9080" \
        "127.0.0.50:7000/stock inventory:7000"; do
    set -- $target
    for client in 127.0.0.11 127.0.0.12; do
        curl -s -o /dev/null --interface "$client" "http://$1" -H "Host: $2" || true
    done
done
stop
stop_servers
cp sidecar-ports.pcap "$here/"
