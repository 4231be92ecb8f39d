#!/usr/bin/env bash
# The hostile-input sweep (docs/limits.md, "Hostile-input sweep"): mutated captures from the corpus, hostile YAML
# and JSONL, signals, full disks, outputs over inputs, a capture truncated while it replays and corrupt counters
# files, each run through ./wirespeed. Every case must end with its expected exit code and one clear message:
# never a Java stack trace, "internal error", a JVM crash log (hs_err_pid*.log), or a counters directory left in
# /dev/shm. Prints one line per failing case and a total; exits 1 if any case failed.
#
# Usage: scripts/hostile-sweep.sh [--quick] [--captures N] [--seed S]
#   --quick       a few cases of each kind (about a minute)
#   --captures N  corpus captures to mutate (default 40; --quick: 5), 8 mutations each
#   --seed S      the mutations' seed (default 1)
# The corpus is the one the corpus tests read (the wirespeed.corpus property of the parent pom,
# beside the repository); WIRESPEED_CORPUS overrides it. Build first: mvn -B -q -DskipTests package
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ws="$here/wirespeed"
corpus="${WIRESPEED_CORPUS:-$here/../shared/corpus}"
captures=40
seed=1
quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; captures=5 ;;
    --captures) captures="$2"; shift ;;
    --seed) seed="$2"; shift ;;
    *) echo "usage: $0 [--quick] [--captures N] [--seed S]" >&2; exit 2 ;;
  esac
  shift
done
[ -f "$here/cli/target/wirespeed.jar" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/wirespeed-sweep.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
export WIRESPEED_JAVA_OPTS="${WIRESPEED_JAVA_OPTS:-} -Xmx512m"
reviews="$here/examples/reviews"
cap_config="$here/examples/capture-replay"
cases=0
failed=0
RANDOM=$seed

fail() { failed=$((failed + 1)); echo "FAIL $1: $2"; }

# check NAME "EXPECTED_CODES" CMD...: runs CMD, checks its exit code and stderr
check() {
  local name="$1" want="$2"; shift 2
  cases=$((cases + 1))
  "$@" > out.txt 2> err.txt
  local code=$?
  case " $want " in *" $code "*) ;; *) fail "$name" "exit $code, expected one of ($want): $(head -c 300 err.txt)"; return ;; esac
  if grep -qE 'Exception|internal error|^[[:space:]]+at [a-z]|hs_err' err.txt out.txt; then
    fail "$name" "stack trace or internal error: $(grep -m1 -E 'Exception|internal error|at [a-z]' err.txt out.txt)"
  fi
  if ls hs_err_pid*.log > /dev/null 2>&1; then fail "$name" "JVM crash log"; rm -f hs_err_pid*.log; fi
  local shm
  shm="$(grep -oE '/dev/shm/wirespeed-[0-9]+-[0-9]+' err.txt | head -1)"
  if [ -n "$shm" ] && [ -e "$shm" ]; then fail "$name" "counters directory $shm left behind"; rm -rf "$shm"; fi
}

# flip COUNT random bytes of FILE (at or after offset FROM)
mutate() {
  local file="$1" count="$2" from="$3" size
  size=$(stat -c %s "$file")
  [ "$size" -gt "$from" ] || return 0
  for _ in $(seq "$count"); do
    local at=$(( from + (RANDOM * 32768 + RANDOM) % (size - from) ))
    printf "\\x$(printf %02x $((RANDOM % 256)))" | dd of="$file" bs=1 seek="$at" conv=notrunc status=none
  done
}

echo "== mutated captures ($captures from $corpus)"
mapfile -t pcaps < <(find "$corpus" -maxdepth 2 -type f \( -name '*.pcap' -o -name '*.pcapng' \) -size -8M | sort | head -n "$captures")
[ ${#pcaps[@]} -gt 0 ] || echo "note: no captures under $corpus (set WIRESPEED_CORPUS)"
for p in "${pcaps[@]}"; do
  base="$(basename "$p")"
  size=$(stat -c %s "$p")
  for m in 1 2 3 4 5 6 7 8; do
    cp "$p" m.pcap; chmod u+w m.pcap
    case $m in
      1) truncate -s $(( size * (RANDOM % 100) / 100 )) m.pcap ;;
      2) mutate m.pcap 1 0 ;;
      3) mutate m.pcap 4 24 ;;
      4) mutate m.pcap 32 24 ;;
      5) mutate m.pcap 2 8; truncate -s $(( size - 1 )) m.pcap ;;
      6) head -c 24 "$p" > m.pcap; head -c $(( RANDOM % 4096 )) /dev/urandom >> m.pcap ;;
      7) cat "$p" "$p" > m.pcap ;;
      8) mutate m.pcap 8 0 ;;
    esac
    check "capture $base mutation $m" "0 1" "$ws" replay -c "$cap_config" m.pcap --decisions d.jsonl --pcap-out po
  done
done

echo "== hostile JSONL"
good='{"path":"/wpcatalog/books","authority":"reviews","port":9080}'
{ echo "$good"; echo "$good"; echo "$good"; printf '{"path":"/a\xff"}\n'; echo "$good"; echo "$good"; echo "$good"; } > utf8.jsonl
check "jsonl invalid UTF-8" "0" "$ws" replay -c "$reviews" utf8.jsonl --decisions d.jsonl
[ "$(grep -c '"action":"route"' d.jsonl)" = 6 ] || fail "jsonl invalid UTF-8" "expected 6 routed decisions"
{ printf '\xef\xbb\xbf'; echo "$good"; } > bom.jsonl
check "jsonl BOM" "0" "$ws" replay -c "$reviews" bom.jsonl --decisions d.jsonl
grep -q bad-record d.jsonl && fail "jsonl BOM" "the first line became a bad record"
# a good line, then one line of 200 MB (3 GB) without a newline: the trace is sniffed as JSONL by its first line
{ echo "$good"; printf '{"path":"/'; head -c "$([ $quick = 1 ] && echo 200M || echo 3G)" /dev/zero | tr '\0' a; } > huge.jsonl
check "jsonl line without newline ($(stat -c %s huge.jsonl) bytes)" "0" \
  env WIRESPEED_JAVA_OPTS="-Xmx128m" "$ws" replay -c "$reviews" huge.jsonl --decisions d.jsonl
grep -q bad-record d.jsonl || fail "jsonl line without newline" "the long line is not a bad-record"
rm -f huge.jsonl
for junk in '[1,2' '{"path":' '{"path":"/","port":99999999999999999999}' '{"path":"/","headers":{"a":{"b":[[[[[[]]]]]]}}}' \
  "{\"path\":\"/$(head -c 100000 /dev/zero | tr '\0' 'a')\"}"; do
  echo "$junk" > junk.jsonl
  # a file none of whose first lines starts a JSON object is not a trace: refused in one line (exit 1);
  # a trace's bad line is a counted bad-record (exit 0)
  want=$([ "${junk:0:1}" = '{' ] && echo 0 || echo 1)
  check "jsonl junk ${junk:0:30}" "$want" "$ws" replay -c "$reviews" junk.jsonl --decisions d.jsonl
done

echo "== hostile YAML"
yaml_case() { check "yaml $1" "1" "$ws" check -c "$2"; }
{ echo 'a: &a ["x","x","x","x","x","x","x","x","x","x"]'
  for l in b c d e f g h; do prev=$(printf "\\$(printf %03o $(( $(printf %d "'$l") - 1 )))"); echo "$l: &$l [*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev]"; done; } > bomb.yaml
yaml_case "alias bomb" bomb.yaml
{ printf 'a: '; for _ in $(seq 200); do printf '['; done; for _ in $(seq 200); do printf ']'; done; echo; } > deep.yaml
yaml_case "deep nesting" deep.yaml
{ printf 'apiVersion: v1\nkind: Service\nmetadata:\n  name: "'; head -c 2000000 /dev/zero | tr '\0' 'x'; printf '"\n'; } > scalar.yaml
yaml_case "2 MB scalar" scalar.yaml
printf 'apiVersion: v1\nkind: Service\nmetadata: {name: a\xff}\n' > utf.yaml
yaml_case "not UTF-8" utf.yaml
cat > regex.yaml <<'YAML'
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: r}
spec:
  hosts: [reviews]
  http:
  - match: [{uri: {regex: "((a{1000}){1000}){1000}"}}]
    route: [{destination: {host: reviews}}]
YAML
yaml_case "regex repeat bomb" regex.yaml
printf 'apiVersion: wirespeed.dev/v1\nkind: RouteTable\nmetadata: {name: z}\nspec: {routesFile: /dev/zero}\n' > zero.yaml
yaml_case "routesFile /dev/zero" zero.yaml

echo "== outputs and full disks"
cp "$reviews/requests.jsonl" t.jsonl
check "decisions onto the trace" "1" "$ws" replay -c "$reviews" t.jsonl --decisions t.jsonl
[ -s t.jsonl ] || fail "decisions onto the trace" "the trace was truncated"
check "decisions to /dev/full" "1" "$ws" replay -c "$reviews" t.jsonl --decisions /dev/full
check "decisions to a full stdout" "1" sh -c "'$ws' replay -c '$reviews' t.jsonl --decisions - > /dev/full"
check "decisions to a directory" "1" "$ws" replay -c "$reviews" t.jsonl --decisions "$work"
check "decisions in a missing directory" "1" "$ws" replay -c "$reviews" t.jsonl --decisions nope/d.jsonl
check "check to a full stdout" "1" sh -c "'$ws' check -c '$reviews' > /dev/full"
check "lookup to a full stdout" "1" sh -c "'$ws' lookup -c '$cap_config' 10.1.0.1 > /dev/full"
check "gen to /dev/full" "1" "$ws" gen routes --count 1000 -o /dev/full
check "batch overflow" "2" "$ws" replay -c "$reviews" t.jsonl --batch 1073741824
"$ws" gen capture --packets "$([ $quick = 1 ] && echo 20000 || echo 200000)" -o big.pcap > /dev/null 2>&1
mkdir -p po && cp big.pcap po/port-1.pcap
check "pcap-out over the input" "1" "$ws" replay -c "$cap_config" po/port-1.pcap --pcap-out po
mkdir -p pf && ln -sf /dev/full pf/port-1.pcap
check "pcap-out onto /dev/full" "1" "$ws" replay -c "$cap_config" big.pcap --pcap-out pf
head -c 2000 big.pcap > small.pcap
check "small capture under -Xmx64m" "0 1" env WIRESPEED_JAVA_OPTS="-Xmx64m -XX:MaxDirectMemorySize=16m" \
  "$ws" replay -c "$cap_config" small.pcap --decisions d.jsonl

echo "== signals"
# start_replay ARGS...: runs a replay in the background with SIGINT at its default (a script's background job
# would ignore it), waits until it has written decisions; sets $pid
start_replay() {
  rm -f d.jsonl err.txt
  ( trap - INT; exec "$ws" "$@" > out.txt 2> err.txt ) &
  pid=$!
  for _ in $(seq 600); do [ -s d.jsonl ] && break; kill -0 $pid 2>/dev/null || break; sleep 0.05; done
}
whole_lines() { [ ! -s d.jsonl ] || [ "$(tail -c 1 d.jsonl | od -An -c | tr -d ' ')" = '\n' ]; }
"$ws" gen trace -c "$reviews" --count "$([ $quick = 1 ] && echo 300000 || echo 2000000)" -o big.jsonl > /dev/null 2>&1
for sig in TERM INT; do
  start_replay replay -c "$reviews" big.jsonl --decisions d.jsonl --workers 1
  kill -s $sig $pid 2>/dev/null; wait $pid; code=$?
  cases=$((cases + 1))
  want=$([ $sig = TERM ] && echo 143 || echo 130)
  if [ $code = 0 ]; then echo "note: SIG$sig arrived after the replay ended (or is ignored here)";
  elif [ $code != "$want" ]; then fail "SIG$sig during a JSONL replay" "exit $code, expected $want";
  else
    grep -q "interrupted: SIG$sig" out.txt || fail "SIG$sig during a JSONL replay" "no 'interrupted' in the summary"
    whole_lines || fail "SIG$sig during a JSONL replay" "the last decision line is cut"
  fi
  shm="$(grep -oE '/dev/shm/wirespeed-[0-9]+-[0-9]+' err.txt | head -1)"
  [ -z "$shm" ] || [ ! -e "$shm" ] || fail "SIG$sig during a JSONL replay" "$shm left behind"
done
rm -rf po2
start_replay replay -c "$cap_config" big.pcap --pcap-out po2 --decisions d.jsonl --workers 1
kill -TERM $pid 2>/dev/null; wait $pid; code=$?
cases=$((cases + 1))
if [ $code = 143 ]; then
  for f in po2/*.pcap; do
    check "pcap $(basename "$f") after SIGTERM is whole" "0" "$ws" replay -c "$cap_config" "$f" --json
    grep -q '"truncated"' out.txt && fail "pcap after SIGTERM" "$f ends mid-record"
  done
elif [ $code != 0 ]; then fail "SIGTERM during a capture replay" "exit $code"; fi

echo "== a capture truncated while it replays"
for cut in 0 4096 1000000; do
  cp big.pcap shrink.pcap
  start_replay replay -c "$cap_config" shrink.pcap --decisions d.jsonl --workers 1
  truncate -s $cut shrink.pcap
  wait $pid; code=$?
  cases=$((cases + 1))
  [ $code = 0 ] || fail "capture truncated to $cut while replayed" "exit $code: $(head -c 300 err.txt)"
  grep -qE 'Exception|internal error' err.txt && fail "capture truncated to $cut" "$(grep -m1 -E 'Exception|internal' err.txt)"
  # the cut record is a counted drop; a replay that read the whole file before the cut has none
  grep -q 'truncated' out.txt || echo "note: the replay had read the capture before it was truncated to $cut"
done

echo "== corrupt counters files"
start_replay replay -c "$reviews" big.jsonl --decisions d.jsonl --workers 1
counters="$(grep -oE '/dev/shm/wirespeed-[0-9]+-[0-9]+|/tmp/wirespeed-[0-9]+-[0-9]+' err.txt | head -1)"
mkdir -p cdir && [ -n "$counters" ] && cp "$counters/counters.dat" cdir/ 2>/dev/null
kill -TERM $pid 2>/dev/null; wait $pid
if [ -f cdir/counters.dat ]; then
  cp cdir/counters.dat good.dat
  # patch_int FILE OFFSET VALUE (little-endian)
  patch_int() { printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(( $3 & 255 )) $(( ($3 >> 8) & 255 )) $(( ($3 >> 16) & 255 )) $(( ($3 >> 24) & 255 )))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
  for c in "4224 100000000" "4224 -1" "4224 381" "24 -512" "24 100000000" "28 2147483647"; do
    cp good.dat cdir/counters.dat
    patch_int cdir/counters.dat ${c% *} ${c#* }
    check "counters file with $c" "1" "$ws" stat --dir cdir --once
  done
  cp good.dat cdir/counters.dat; truncate -s 12 cdir/counters.dat
  check "counters file of 12 bytes" "1" "$ws" stat --dir cdir --once
  cp good.dat cdir/counters.dat; truncate -s 4600 cdir/counters.dat
  check "counters file cut short" "1" "$ws" stat --dir cdir --once
else
  echo "note: no counters file copied (the replay ended too soon); corrupt counters cases skipped"
fi

echo "sweep: $cases cases, $failed failed"
[ $failed = 0 ]
