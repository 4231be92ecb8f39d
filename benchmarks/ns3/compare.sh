#!/usr/bin/env bash
# Times ns-3 and wirespeed on the leaf-spine incast scenario, whole process, alternating (ns-3, wirespeed,
# ns-3, wirespeed, ...), and prints one line per run plus the medians. Usage, from the repository root:
#   benchmarks/ns3/build.sh && mvn -B -q -DskipTests package
#   benchmarks/ns3/compare.sh [ROUNDS]          # default 3
# WIRESPEED (default ./wirespeed) and NS3 (default benchmarks/ns3/target/leaf-spine-incast) override the
# commands.
set -euo pipefail
rounds="${1:-3}"
ws="${WIRESPEED:-./wirespeed}"
ns3="${NS3:-benchmarks/ns3/target/leaf-spine-incast}"
out="$(mktemp -d)"
run() { # name command...
  local name="$1"; shift
  /usr/bin/time -f "%e %U %S" -o "$out/time" "$@" > "$out/stdout" 2> "$out/stderr"
  read -r wall user sys < "$out/time"
  local summary
  summary="$(grep -o '"sent":[0-9]*,"received":[0-9]*,"dropped":[0-9]*' "$out/stdout" | head -1)"
  echo "$name wall=${wall}s cpu=$(echo "$user + $sys" | bc)s load=$(cut -d' ' -f1 /proc/loadavg) $summary"
  echo "$name $wall $(echo "$user + $sys" | bc)" >> "$out/all"
}
for i in $(seq 1 "$rounds"); do
  run ns-3 "$ns3"
  run wirespeed "$ws" simulate examples/sim/leaf-spine-incast --json
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for name in ns-3 wirespeed; do
  echo "$name median wall=$(grep "^$name " "$out/all" | cut -d' ' -f2 | median)s cpu=$(grep "^$name " "$out/all" | cut -d' ' -f3 | median)s"
done
