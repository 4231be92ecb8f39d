#!/bin/sh
# Makes the example's key sets and tokens from the key pairs in keys/ (made once with:
#   openssl genrsa -out keys/rsa-private.pem 2048 && openssl rsa -in keys/rsa-private.pem -pubout -out keys/rsa-public.pem
#   openssl ecparam -name prime256v1 -genkey -noout -out keys/ec-private.pem
#   openssl ec -in keys/ec-private.pem -pubout -out keys/ec-public.pem)
# Prints the JWKS of each public key, then one token a line: NAME TOKEN. The clock of the example is NOW.
set -eu
cd "$(dirname "$0")"
NOW=1767225600 # 2026-01-01T00:00:00Z: run the example with --now 1767225600
b64() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
hex2b64() { xxd -r -p | b64; }
# JWKS: the RSA modulus and the EC point, base64url
N=$(openssl rsa -pubin -in keys/rsa-public.pem -modulus -noout | cut -d= -f2 | hex2b64)
XY=$(openssl ec -pubin -in keys/ec-public.pem -text -noout 2>/dev/null | sed -n '/pub:/,/ASN1/p' | grep -v 'pub:\|ASN1' \
    | tr -d ' :\n')
X=$(echo "$XY" | cut -c3-66 | hex2b64)
Y=$(echo "$XY" | cut -c67-130 | hex2b64)
echo "rsa-jwks {\"keys\":[{\"kty\":\"RSA\",\"kid\":\"rsa-1\",\"alg\":\"RS256\",\"e\":\"AQAB\",\"n\":\"$N\"}]}"
echo "ec-jwks {\"keys\":[{\"kty\":\"EC\",\"kid\":\"ec-1\",\"crv\":\"P-256\",\"x\":\"$X\",\"y\":\"$Y\"}]}"
# sign HEADER PAYLOAD KEY ALG: RS256 is openssl's PKCS#1 v1.5 signature; ES256 is its DER signature as r || s
sign() {
    H=$(printf '%s' "$1" | b64)
    P=$(printf '%s' "$2" | b64)
    if [ "$4" = RS256 ]; then
        S=$(printf '%s.%s' "$H" "$P" | openssl dgst -sha256 -sign "$3" | b64)
    else
        S=$(printf '%s.%s' "$H" "$P" | openssl dgst -sha256 -sign "$3" | openssl asn1parse -inform DER \
            | grep INTEGER | sed 's/.*INTEGER *://' | while read -r i; do printf '%064s' "$i" | tr ' ' 0; done \
            | hex2b64)
    fi
    echo "$H.$P.$S"
}
RH='{"alg":"RS256","kid":"rsa-1","typ":"JWT"}'
EH='{"alg":"ES256","kid":"ec-1","typ":"JWT"}'
ISS=https://issuer.example.com
echo "valid $(sign "$RH" "{\"iss\":\"$ISS\",\"sub\":\"alice\",\"aud\":\"bookstore\",\"exp\":$((NOW + 3600)),\"groups\":[\"admin\"],\"tier\":\"gold\"}" keys/rsa-private.pem RS256)"
echo "expired $(sign "$RH" "{\"iss\":\"$ISS\",\"sub\":\"alice\",\"aud\":\"bookstore\",\"exp\":$((NOW - 3600))}" keys/rsa-private.pem RS256)"
echo "early $(sign "$RH" "{\"iss\":\"$ISS\",\"sub\":\"alice\",\"aud\":\"bookstore\",\"nbf\":$((NOW + 3600))}" keys/rsa-private.pem RS256)"
echo "other-issuer $(sign "$RH" "{\"iss\":\"https://other.example.net\",\"sub\":\"alice\",\"aud\":\"bookstore\"}" keys/rsa-private.pem RS256)"
echo "other-audience $(sign "$RH" "{\"iss\":\"$ISS\",\"sub\":\"alice\",\"aud\":\"payments\"}" keys/rsa-private.pem RS256)"
echo "ec-valid $(sign "$EH" "{\"iss\":\"https://ec.example.org\",\"sub\":\"bob\",\"exp\":$((NOW + 600))}" keys/ec-private.pem ES256)"
echo "ec-by-rsa $(sign "$RH" "{\"iss\":\"https://ec.example.org\",\"sub\":\"bob\"}" keys/rsa-private.pem RS256)"
echo "reader $(sign "$RH" "{\"iss\":\"$ISS\",\"sub\":\"carol\",\"aud\":\"bookstore\",\"exp\":$((NOW + 3600)),\"groups\":[\"reader\"],\"azp\":\"shop\"}" keys/rsa-private.pem RS256)"
