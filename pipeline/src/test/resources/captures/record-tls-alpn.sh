#!/usr/bin/env bash
# Records tls-alpn.pcap (run as root on Debian 12; needs tcpdump, openssl): two TLS 1.3 handshakes on
# 127.0.0.1:15443, as a sidecar's mTLS connection reaches an east-west gateway:
#   1. SNI outbound_.9080_._.reviews.default.svc.cluster.local, ALPN istio-peer-exchange, istio
#   2. the same SNI, ALPN h2, http/1.1
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout key.pem -out cert.pem -days 1 \
    -subj /CN=x >/dev/null 2>&1
openssl s_server -accept 127.0.0.1:15443 -cert cert.pem -key key.pem -quiet >/dev/null 2>&1 &
server=$!
sleep 1
tcpdump -i lo -s 0 -U -w tls-alpn.pcap "tcp and port 15443" >/dev/null 2>&1 &
dump=$!
sleep 1
for alpn in istio-peer-exchange,istio h2,http/1.1; do
    echo | timeout 5 openssl s_client -connect 127.0.0.1:15443 -tls1_3 -alpn "$alpn" \
        -servername outbound_.9080_._.reviews.default.svc.cluster.local >/dev/null 2>&1 || true
done
sleep 1
kill "$dump"; wait "$dump" 2>/dev/null || true
kill "$server" 2>/dev/null || true
cp tls-alpn.pcap "$here/"
