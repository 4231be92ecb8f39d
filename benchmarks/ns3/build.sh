#!/usr/bin/env bash
# Builds the ns-3 leaf-spine incast program against Debian's libns3-dev (apt-get install -y libns3-dev g++).
# Not part of the Maven build. Output: benchmarks/ns3/target/leaf-spine-incast
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$here/target"
# The ns-3 libraries by name (pkg-config's --libs also names libgsl.so, which only libgsl-dev provides).
libs="-lns3-core -lns3-network -lns3-internet -lns3-point-to-point -lns3-applications -lns3-traffic-control"
# shellcheck disable=SC2086
g++ -O3 -std=c++17 $(pkg-config --cflags ns3-core) -o "$here/target/leaf-spine-incast" "$here/leaf-spine-incast.cc" $libs
echo "$here/target/leaf-spine-incast"
