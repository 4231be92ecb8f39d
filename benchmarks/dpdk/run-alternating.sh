#!/usr/bin/env bash
# Alternates the DPDK harness (built once, serve mode) with `wirespeed bench lpm` runs of both tables of a family
# on the same files, printing the time and load average before each run.
# Usage: [FAMILY=4|6] [BATCH=N] [LPM_BENCH_THP=1] run-alternating.sh HARNESS ROUTES ADDRESSES [ROUNDS]
#   FAMILY=4 (default): DPDK rte_lpm bulk, then dir24, dir17 (the compact table) and poptrie
#   FAMILY=6: DPDK rte_fib6 TRIE bulk, then trie and poptrie (a 1M-route table needs
#             LPM_BENCH_TBL8_LOG2=22 LPM_BENCH_MB=8192 in the environment, see README.md)
#   TABLES: the wirespeed tables to run after each DPDK round (default: all of the family's)
#   BATCH: lookups a call of `wirespeed bench lpm` (default 16; 1 = scalar); LPM_BENCH_THP=1 gives the DPDK IPv4 table
#   huge pages, as `wirespeed bench` has (README.md); LPM_BENCH_CACHE=FILE reuses the built DPDK IPv4 table (README.md)
set -euo pipefail
harness="$1"; routes="$2"; addresses="$3"; rounds="${4:-3}"; family="${FAMILY:-4}"; batch="${BATCH:-16}"
case "$family" in
  4) tag=dpdk-lpm; tables="${TABLES:-dir24 dir17 poptrie}" ;;
  6) tag=dpdk-fib6; tables="${TABLES:-trie poptrie}" ;;
  *) echo "FAMILY must be 4 or 6, not $family" >&2; exit 2 ;;
esac
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
mkfifo "$work/in"
sleep 1000000 > "$work/in" &
holder=$!
"$harness" "$family" "$routes" "$addresses" 32 2 serve < "$work/in" > "$work/out" &
dpdk=$!
trap 'kill $dpdk $holder 2>/dev/null; rm -rf "$work"' EXIT
until grep -q ready "$work/out"; do sleep 5; done
stamp() { echo "$(date -u +%H:%M:%S) load=$(cut -d' ' -f1 /proc/loadavg)"; }
for i in $(seq 1 "$rounds"); do
  echo "$addresses" > "$work/in"
  until [ "$(grep -c "$tag" "$work/out")" -ge "$i" ]; do sleep 1; done
  echo "$(stamp) $(grep "$tag" "$work/out" | tail -1)"
  for t in $tables; do
    echo "$(stamp) $t $("$repo/wirespeed" bench lpm --family "$family" --table "$t" --routes "$routes" \
      --addresses "$addresses" --batch "$batch" --seconds 2 | tail -1)"
  done
done
