#!/usr/bin/env bash
# Records tls-alpn.pcap (run as root on Debian 12; needs tcpdump, openssl): two TLS 1.3 handshakes on
# 127.0.0.1:15443, as a sidecar's mTLS connection reaches an east-west gateway:
#   1. SNI outbound_.9080_._.reviews.default.svc.cluster.local, ALPN istio-peer-exchange, istio
#   2. the same SNI, ALPN h2, http/1.1
. "$(dirname "$0")/record-lib.sh"
cert
tls_server 127.0.0.1:15443
sleep 1
cap tls-alpn.pcap "tcp and port 15443" lo
for alpn in istio-peer-exchange,istio h2,http/1.1; do
    echo | timeout 5 openssl s_client -connect 127.0.0.1:15443 -tls1_3 -alpn "$alpn" \
        -servername outbound_.9080_._.reviews.default.svc.cluster.local >/dev/null 2>&1 || true
done
stop
stop_servers
cp tls-alpn.pcap "$here/"
