#!/usr/bin/env bash
# Records cookies.pcap (run as root on Debian 12; needs tcpdump, curl, nghttp2-server, python3): connections on
# loopback from 127.0.0.1 to 127.0.0.70, the cluster IP of the cart Service of CookieCaptureTest, whose ports 8080
# (HTTP/1.1, Python's server) and 8081 (h2c, nghttpd) are HTTP ports:
#   1.-3. HTTP/1.1 GET /cart, Host cart:8080, two Cookie lines: theme=dark, then cart-session=u42 (u7, u99)
#   4.    HTTP/1.1 GET /tags, Host cart:8080, two x-tag lines: a, then b
#   5.    h2c (prior knowledge) GET /cart, :authority cart:8081, two cookie crumbs: theme=dark, cart-session=u42
#   6.    h2c (prior knowledge) GET /tags, :authority cart:8081, two x-tag fields: a, then b
. "$(dirname "$0")/record-lib.sh"
http11_server 127.0.0.70:8080
mkdir -p www && echo ok > www/cart && echo ok > www/tags
nghttpd --no-tls --address=127.0.0.70 -d www 8081 >/dev/null 2>&1 &
servers+=($!)
sleep 1
cap cookies.pcap "tcp port 8080 or tcp port 8081" lo
for session in u42 u7 u99; do
    curl -s -o /dev/null http://127.0.0.70:8080/cart -H 'Host: cart:8080' -H 'Cookie: theme=dark' \
        -H "Cookie: cart-session=$session" || true
done
curl -s -o /dev/null http://127.0.0.70:8080/tags -H 'Host: cart:8080' -H 'x-tag: a' -H 'x-tag: b' || true
curl -s -o /dev/null --http2-prior-knowledge http://127.0.0.70:8081/cart -H 'Host: cart:8081' \
    -H 'cookie: theme=dark' -H 'cookie: cart-session=u42' || true
curl -s -o /dev/null --http2-prior-knowledge http://127.0.0.70:8081/tags -H 'Host: cart:8081' -H 'x-tag: a' \
    -H 'x-tag: b' || true
stop
stop_servers
cp cookies.pcap "$here/"
