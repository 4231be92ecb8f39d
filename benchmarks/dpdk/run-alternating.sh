#!/usr/bin/env bash
# Alternates DPDK rte_lpm (built once, serve mode) with `wirespeed bench lpm` dir24 and poptrie runs
# on the same files. Usage: run-alternating.sh HARNESS ROUTES ADDRESSES [ROUNDS]
set -euo pipefail
harness="$1"; routes="$2"; addresses="$3"; rounds="${4:-3}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
mkfifo "$work/in"
sleep 1000000 > "$work/in" &
holder=$!
"$harness" 4 "$routes" "$addresses" 32 2 serve < "$work/in" > "$work/out" &
dpdk=$!
trap 'kill $dpdk $holder 2>/dev/null; rm -rf "$work"' EXIT
until grep -q ready "$work/out"; do sleep 5; done
for i in $(seq 1 "$rounds"); do
  echo "$addresses" > "$work/in"
  until [ "$(grep -c dpdk-lpm "$work/out")" -ge "$i" ]; do sleep 1; done
  echo "load=$(cut -d' ' -f1 /proc/loadavg) $(grep dpdk-lpm "$work/out" | tail -1)"
  for t in dir24 poptrie; do
    echo "load=$(cut -d' ' -f1 /proc/loadavg) $t $("$repo/wirespeed" bench lpm --table $t --routes "$routes" \
      --addresses "$addresses" --batch 16 --seconds 2 | tail -1)"
  done
done
