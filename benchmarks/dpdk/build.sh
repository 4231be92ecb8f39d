#!/usr/bin/env bash
# Builds the DPDK comparison harness (needs libdpdk-dev: apt-get install -y libdpdk-dev).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/target/lpm_bench}"
mkdir -p "$(dirname "$out")"
cc -O3 -march=native -o "$out" "$here/lpm_bench.c" $(pkg-config --cflags --libs libdpdk)
echo "$out"
