#!/usr/bin/env bash
# Footprint of the LineLedger Karaf distribution (issue 8): how much memory its JVM holds with ~1,000 tags under
# load, and how soon it answers after bin/start. plc-sim's bench plant (--scenario bench) with --lines lines of the
# shipped line-2 configuration (12 tags each: 84 lines = 1,008 tags), one anvil (1 s blocks, free gas), and the
# distribution as shipped (its bin/setenv and etc/; only ports, the dev-chain key, one user and the lines changed):
#
#   1. cold start: a fresh unpack, bin/start; seconds until /lineledger/health answers (any status), says UP, and a
#      certificate page (GET /lineledger/batches/<id>, HTTP Basic as an integrator) answers 200;
#   2. load: --rate measured values/s offered by all lines together; after --warmup-seconds, RSS sampled for
#      --load-seconds, then heap, metaspace, threads (and the JVM's native memory by category with --nmt), stored
#      records/s and Karaf's CPU;
#   3. restart: bin/stop, bin/start on the same data; seconds until health answers, is UP and the certificate page of
#      step 1 answers 200.
#
#   benchmarks/footprint.sh [--lines 84] [--rate 3000] [--warmup-seconds 30] [--load-seconds 120]
#                           [--batch-seconds 10] [--nmt] [--no-restart] [--help]
#
# Builds nothing: run `mvn -B -q install -pl features/distribution,plc-sim -am -DskipTests` first. DIST=FILE runs
# another distribution tarball; EXTRA_JAVA_OPTS is passed to Karaf (bin/setenv appends it to its own settings), e.g.
# EXTRA_JAVA_OPTS=-Xmx384m. Ports (override with ANVIL_PORT, OPCUA_PORT, CONTROL_PORT, HTTP_PORT, SSH_PORT,
# RMI_REGISTRY_PORT, RMI_SERVER_PORT): anvil 27545, OPC UA 27840, plc-sim control 27850, Karaf HTTP 27181, SSH 27101,
# RMI 27099/27444. RUN_DIR: where to unpack and log (default benchmarks/target/footprint). Loopback only, every
# wait bounded; stops everything it started. Prints a report (also in RUN_DIR/report.txt); exits 1 when Karaf ran
# out of memory or never answered.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
run=${RUN_DIR:-$here/target/footprint}
ANVIL_PORT=${ANVIL_PORT:-27545}
OPCUA_PORT=${OPCUA_PORT:-27840}
CONTROL_PORT=${CONTROL_PORT:-27850}
HTTP_PORT=${HTTP_PORT:-27181}
SSH_PORT=${SSH_PORT:-27101}
RMI_REGISTRY_PORT=${RMI_REGISTRY_PORT:-27099}
RMI_SERVER_PORT=${RMI_SERVER_PORT:-27444}
START_TIMEOUT=${START_TIMEOUT:-300}

say() { printf '[footprint %5ds] %s\n' "$SECONDS" "$*"; }
die() { printf '[footprint] %s\n' "$*" >&2; exit 2; }

lines=84 rate=3000 warmup=30 load=120 batch_seconds=10 nmt=0 restart=1
while [ $# -gt 0 ]; do
  case "$1" in
    --lines) lines=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --warmup-seconds) warmup=$2; shift 2 ;;
    --load-seconds) load=$2; shift 2 ;;
    --batch-seconds) batch_seconds=$2; shift 2 ;;
    --nmt) nmt=1; shift ;;
    --no-restart) restart=0; shift ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
for option in lines:$lines rate:$rate warmup-seconds:$warmup load-seconds:$load batch-seconds:$batch_seconds; do
  [[ "${option#*:}" =~ ^[0-9]+$ ]] || die "--${option%%:*} must be a whole number, got '${option#*:}'"
done
[ "$lines" -ge 1 ] && [ "$rate" -ge 1 ] && [ "$load" -ge 10 ] || die "--lines and --rate must be >= 1, --load-seconds >= 10"

for tool in java jcmd curl tar awk; do command -v "$tool" >/dev/null || die "'$tool' is not on the PATH"; done
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
[ "$java_major" = "17" ] || die "JDK 17 is needed (Karaf 4.4.10), found Java $java_major"
dist=${DIST:-$(ls "$root"/features/distribution/target/lineledger-distribution-*.tar.gz 2>/dev/null | head -n 1 || true)}
simjar=$(ls "$root"/plc-sim/target/lineledger-plc-sim-*-app.jar 2>/dev/null | head -n 1 || true)
anvil="$root/devchain/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
[ -n "$dist" ] && [ -f "$dist" ] || die "no distribution tarball (features/distribution/target); this script builds nothing"
[ -n "$simjar" ] || die "no plc-sim/target/lineledger-plc-sim-*-app.jar; this script builds nothing"
[ -x "$anvil" ] || die "anvil is not installed: run 'bash devchain/devchain.sh install' first"
for port in "$ANVIL_PORT" "$OPCUA_PORT" "$CONTROL_PORT" "$HTTP_PORT" "$SSH_PORT" "$RMI_REGISTRY_PORT" "$RMI_SERVER_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is in use on 127.0.0.1"; fi
done

karaf="$run/karaf"
pids="$run/pids"
anvil_pid="" sim_pid=""

# the JVM running Karaf's main class for this run's KARAF_HOME (bin/karaf's shell is its parent)
karaf_jvm() {
  local p cmd
  for p in /proc/[0-9]*; do
    cmd=$( { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null) || continue
    case "$cmd" in
      *"-Dkaraf.home=$karaf "*org.apache.karaf.main.Main*) echo "${p#/proc/}"; return 0 ;;
    esac
  done
  return 1
}

# stops what this run started, by the PIDs it recorded, and only processes of this run
cleanup() {
  local status=$? pid
  trap - EXIT INT TERM
  if pid=$(karaf_jvm); then
    "$karaf/bin/stop" >/dev/null 2>&1 || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  for pid in $sim_pid $anvil_pid; do
    [ -r "/proc/$pid/cmdline" ] || continue
    if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -e "$run" -e "$anvil"; then kill "$pid" 2>/dev/null || true; fi
  done
  sleep 1
  for pid in $sim_pid $anvil_pid; do kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true; done
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -rf "$run"
mkdir -p "$karaf" "$pids"
say "unpacking $(basename "$dist") into $run/karaf"
tar -xzf "$dist" -C "$karaf" --strip-components=1
etc="$karaf/etc"
template="$etc/io.lineledger.line-line-2.cfg"
[ -f "$template" ] || die "the distribution has no etc/io.lineledger.line-line-2.cfg to copy the bench lines from"
sed -i "s#^rpcUrl *=.*#rpcUrl = http://127.0.0.1:$ANVIL_PORT#" "$etc/io.lineledger.ledger.cfg"
# anvil is the dev chain: sign with its published account #0 (the ledger refuses that key on any other chain)
sed -i "s#^keyStoreFile *=.*#privateKey = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80#; /^keyStorePasswordFile *=/d" \
  "$etc/io.lineledger.ledger.cfg"
sed -i "s#^org.osgi.service.http.port *=.*#org.osgi.service.http.port = $HTTP_PORT#" "$etc/org.ops4j.pax.web.cfg"
echo "org.ops4j.pax.web.listening.addresses = 127.0.0.1" >>"$etc/org.ops4j.pax.web.cfg"
sed -i "s#^rmiRegistryPort *=.*#rmiRegistryPort = $RMI_REGISTRY_PORT#; s#^rmiServerPort *=.*#rmiServerPort = $RMI_SERVER_PORT#" \
  "$etc/org.apache.karaf.management.cfg"
sed -i "s#^sshPort *=.*#sshPort = $SSH_PORT#; s#^sshHost *=.*#sshHost = 127.0.0.1#" "$etc/org.apache.karaf.shell.cfg"
# one signed-in user for the pages (the distribution ships none); Karaf keeps only its digest once read
password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "footprint = $password,_g_:integrators" >>"$etc/users.properties"
auth="footprint:$password"
# the bench plant's lines instead of the demo's: plc-sim's LineN as line bench-N, each a copy of the shipped line-2
for n in $(seq 1 "$lines"); do
  sed -e "s#^lineId *=.*#lineId = bench-$n#" \
      -e "s#^endpointUrl *=.*#endpointUrl = opc.tcp://127.0.0.1:$OPCUA_PORT/lineledger#" \
      -e "s#^\(tag\.[^=]*\.path *= *\)Line2/#\1Line$n/#" \
      "$template" >"$etc/io.lineledger.line-bench-$n.cfg"
done
rm -f "$etc"/io.lineledger.line-line-*.cfg
tags=$(cat "$etc"/io.lineledger.line-bench-*.cfg | grep -c '^tag\.[^=]*\.path *=')
if [ "$nmt" = 1 ]; then export EXTRA_JAVA_OPTS="-XX:NativeMemoryTracking=summary ${EXTRA_JAVA_OPTS:-}"; fi

say "starting anvil on 127.0.0.1:$ANVIL_PORT"
"$anvil" --host 127.0.0.1 --port "$ANVIL_PORT" --block-time 1 --block-base-fee-per-gas 0 --gas-price 0 \
  --gas-limit 30000000 >"$run/anvil.log" 2>&1 &
anvil_pid=$!
for _ in $(seq 1 60); do
  curl -fs -m 2 -H 'Content-Type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' \
    "http://127.0.0.1:$ANVIL_PORT" >/dev/null 2>&1 && break
  kill -0 "$anvil_pid" 2>/dev/null || die "anvil exited: $(tail -n 5 "$run/anvil.log")"
  sleep 0.5
done

# parts/s a line (three measured values a part) and --batch-seconds of parts a batch
parts_per_second=$(awk -v r="$rate" -v l="$lines" 'BEGIN { printf "%.3f", r / l / 3 }')
parts_per_batch=$(awk -v p="$parts_per_second" -v s="$batch_seconds" 'BEGIN { n = int(p * s); print (n < 1 ? 1 : n) }')
# plc-sim runs from a copy: a build that runs meanwhile must not swap its jar under it
mkdir -p "$run/lib"
cp "$simjar" "$run/lib/plc-sim-app.jar"
simjar="$run/lib/plc-sim-app.jar"
say "starting plc-sim: bench scenario, $lines lines, $parts_per_second parts/s a line, $parts_per_batch parts a batch"
java -Xmx512m -jar "$simjar" --port "$OPCUA_PORT" --scenario bench --lines "$lines" --rate "$parts_per_second" \
  --parts-per-batch "$parts_per_batch" --seed 1 --control-port "$CONTROL_PORT" --data "$run/plc-sim" \
  >"$run/plc-sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 1 120); do
  grep -q "plc-sim listening on" "$run/plc-sim.log" 2>/dev/null && break
  kill -0 "$sim_pid" 2>/dev/null || die "plc-sim exited: $(tail -n 5 "$run/plc-sim.log")"
  sleep 0.5
done
grep -q "plc-sim listening on" "$run/plc-sim.log" || die "plc-sim did not listen within 60 s"

base="http://127.0.0.1:$HTTP_PORT/lineledger"
now_ms() { date +%s%3N; }
# HTTP status of a GET (000: no answer)
code() { curl -s -o /dev/null -w '%{http_code}' -m 5 "$@" || true; }

# bin/start, then times (s, one decimal) until health answers, health is UP, and a certificate page answers 200 for
# the signed-in user: the one in $cert_url, else the first one the batch list links
declare -A timing
timed_start() {
  local phase=$1 t0 elapsed c page path
  timing[$phase.health]="-" timing[$phase.up]="-" timing[$phase.cert]="-"
  t0=$(now_ms)
  KARAF_REDIRECT="$run/karaf-$phase.out" "$karaf/bin/start"
  local polls=0
  while :; do
    elapsed=$(( $(now_ms) - t0 ))
    [ "$elapsed" -lt $((START_TIMEOUT * 1000)) ] || break
    polls=$((polls + 1))
    if [ $((polls % 40)) = 0 ] && [ "$elapsed" -gt 30000 ] && ! karaf_jvm >/dev/null; then
      say "$phase: Karaf's JVM is not running (see $run/karaf-$phase.out)"; break
    fi
    if [ "${timing[$phase.up]}" = "-" ]; then
      c=$(code "$base/health")
      if [ "$c" = 200 ] || [ "$c" = 503 ]; then
        [ "${timing[$phase.health]}" != "-" ] || timing[$phase.health]=$(awk -v m="$elapsed" 'BEGIN { printf "%.1f", m / 1000 }')
        [ "$c" != 200 ] || timing[$phase.up]=$(awk -v m="$elapsed" 'BEGIN { printf "%.1f", m / 1000 }')
      fi
    fi
    if [ "${timing[$phase.cert]}" = "-" ]; then
      if [ -z "${cert_url:-}" ]; then
        page=$(curl -fs -m 5 -u "$auth" "$base/batches" 2>/dev/null || true)
        path=$(grep -o 'href="/lineledger/batches/[^"?]*"' <<<"$page" | head -n 1 | sed 's/^href="//; s/"$//' || true)
        [ -z "$path" ] || cert_url="http://127.0.0.1:$HTTP_PORT$path"
      fi
      if [ -n "${cert_url:-}" ] && [ "$(code -u "$auth" "$cert_url")" = 200 ]; then
        timing[$phase.cert]=$(awk -v m="$(( $(now_ms) - t0 ))" 'BEGIN { printf "%.1f", m / 1000 }')
      fi
    fi
    [ "${timing[$phase.up]}" = "-" ] || [ "${timing[$phase.cert]}" = "-" ] || break
    # what Karaf does meanwhile: a thread dump every 10 s (startup-<phase>/)
    if [ $((polls % 40)) = 1 ] && jvm_now=$(karaf_jvm); then
      mkdir -p "$run/startup-$phase"
      jcmd "$jvm_now" Thread.print >"$run/startup-$phase/threads-$((elapsed / 1000))s.txt" 2>&1 || true
    fi
    sleep 0.25
  done
  say "$phase: health answered after ${timing[$phase.health]} s, UP after ${timing[$phase.up]} s, certificate page 200 after ${timing[$phase.cert]} s${cert_url:+ ($cert_url)}"
}

# records the bench lines stored so far (the store's count, from the metrics)
stored() {
  curl -fs -m 10 -u "$auth" "$base/metrics" 2>/dev/null \
    | awk '/^lineledger_records_stored_total\{/ && /line="bench-[0-9]+"/ { s += $NF } END { printf "%d", s }' || true
}
# values Karaf's OPC UA sources received so far, and their server-side queue overflows (status API, all lines)
received() {
  curl -fs -m 10 -u "$auth" "$base/api/status" 2>/dev/null | tr -d ' ' \
    | awk -F: -v k="\"$1\"" '$1 == k { s += $2 + 0 } END { printf "%d", s }' || true
}
served() { curl -fs -m 5 "http://127.0.0.1:$CONTROL_PORT/status" | grep -o '"measuredValues":[0-9]*' | tail -n 1 | cut -d: -f2 || true; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
status_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

say "cold start: bin/start of a fresh unpack ($tags tags on $lines lines; Karaf's output in $run/karaf-cold.out)"
timed_start cold
jvm=$(karaf_jvm) || die "no Karaf JVM running (see $run/karaf-cold.out)"
[ "${timing[cold.up]}" != "-" ] || say "health never said UP within ${START_TIMEOUT} s: $(curl -s -m 5 "$base/health" || true)"

rules_started() { curl -fs -m 10 -u "$auth" "$base/api/status" 2>/dev/null | tr -d ' ' | grep -c '"started":true' || true; }
started=0
for _ in $(seq 1 $((START_TIMEOUT / 5))); do
  started=$(rules_started)
  [ "${started:-0}" -lt "$lines" ] || break
  sleep 5
done
say "rules running on ${started:-0} of $lines lines $((SECONDS))s into the run"
say "load: $rate measured values/s offered; $warmup s warm-up, then $load s measured"
sleep "$warmup"
hz=$(getconf CLK_TCK)
stored0=$(stored) served0=$(served) received0=$(received valuesReceived) ticks0=$(cpu_ticks "$jvm") t0=$(now_ms)
rss_max=0
rss_samples=()
end=$((SECONDS + load))
while [ $SECONDS -lt $end ]; do
  kill -0 "$jvm" 2>/dev/null || die "Karaf's JVM exited during the load (see $run/karaf-cold.out, $karaf/data/log/karaf.log)"
  rss=$(status_kib "$jvm" VmRSS)
  rss_samples+=("$rss")
  [ "$rss" -le "$rss_max" ] || rss_max=$rss
  sleep 2
done
stored1=$(stored) served1=$(served) received1=$(received valuesReceived) ticks1=$(cpu_ticks "$jvm") t1=$(now_ms)
overflows=$(received overflows)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
rss_median=$(printf '%s\n' "${rss_samples[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
stored_rate=$(awk -v a="${stored0:-0}" -v b="${stored1:-0}" -v s="$secs" 'BEGIN { printf "%.0f", (b - a) / s }')
received_rate=$(awk -v a="${received0:-0}" -v b="${received1:-0}" -v s="$secs" 'BEGIN { printf "%.0f", (b - a) / s }')
served_rate=$(awk -v a="${served0:-0}" -v b="${served1:-0}" -v s="$secs" 'BEGIN { printf "%.0f", (b - a) / s }')
cpu=$(awk -v a="$ticks0" -v b="$ticks1" -v hz="$hz" -v s="$secs" 'BEGIN { printf "%.0f", (b - a) / hz / s * 100 }')
rss_now=$(status_kib "$jvm" VmRSS) hwm=$(status_kib "$jvm" VmHWM) threads=$(status_kib "$jvm" Threads)
rss_anon=$(status_kib "$jvm" RssAnon) rss_file=$(status_kib "$jvm" RssFile)
curl -fs -m 10 -u "$auth" "$base/api/status" >"$run/status.json" 2>/dev/null || true
jcmd "$jvm" GC.heap_info >"$run/heap-info.txt" 2>&1 || true
jcmd "$jvm" VM.flags >"$run/vm-flags.txt" 2>&1 || true
jcmd "$jvm" Thread.print >"$run/threads.txt" 2>&1 || true
if [ "$nmt" = 1 ]; then jcmd "$jvm" VM.native_memory summary scale=MB >"$run/native-memory.txt" 2>&1 || true; fi
heap_line=$(grep -m 1 -E 'garbage-first heap|def new generation|PSYoungGen|total [0-9]+K, used' "$run/heap-info.txt" || true)
meta_line=$(grep -m 1 'Metaspace' "$run/heap-info.txt" || true)
# the heap in use and committed, as the collector reports it (G1: one line; Serial/Parallel: per generation)
heap_used=$(grep -oE 'used [0-9]+K' "$run/heap-info.txt" | head -n 2 | awk '{ s += $2 } END { printf "%.0f", s / 1024 }')
heap_committed=$(grep -oE 'total [0-9]+K' "$run/heap-info.txt" | head -n 2 | awk '{ s += $2 } END { printf "%.0f", s / 1024 }')
case "$heap_line" in *garbage-first*)
  heap_used=$(grep -oE 'used [0-9]+K' <<<"$heap_line" | awk '{ printf "%.0f", $2 / 1024 }')
  heap_committed=$(grep -oE 'total [0-9]+K' <<<"$heap_line" | awk '{ printf "%.0f", $2 / 1024 }') ;;
esac
meta_used=$(grep -oE 'used [0-9]+K' <<<"$meta_line" | awk '{ printf "%.0f", $2 / 1024 }')
meta_committed=$(grep -oE 'committed [0-9]+K' <<<"$meta_line" | awk '{ printf "%.0f", $2 / 1024 }')
max_heap=$(grep -oE '(^| |-XX:)MaxHeapSize=[0-9]+' "$run/vm-flags.txt" | cut -d= -f2 | awk '{ printf "%.0f", $1 / 1048576 }')
gc=$(grep -oE 'Use(Serial|Parallel|G1|Z|Shenandoah)GC' "$run/vm-flags.txt" | head -n 1 || true)

# the live set: the heap in use right after a full collection (asked for once the RSS figures are taken)
jcmd "$jvm" GC.run >/dev/null 2>&1 || true
jcmd "$jvm" GC.heap_info >"$run/heap-info-after-gc.txt" 2>&1 || true
live=$(grep -oE 'used [0-9]+K' "$run/heap-info-after-gc.txt" | head -n 2 | awk '{ s += $2 } END { printf "%.0f", s / 1024 }')
grep -q 'garbage-first' "$run/heap-info-after-gc.txt" \
  && live=$(grep -m 1 -oE 'used [0-9]+K' "$run/heap-info-after-gc.txt" | awk '{ printf "%.0f", $2 / 1024 }')
rss_after_gc=$(status_kib "$jvm" VmRSS)
# the embedded H2 file's size at the end of the load (it grew without end before the store compacted it)
store_file=$(du -m --apparent-size "$karaf/data/lineledger/store.mv.db" 2>/dev/null | cut -f1 || echo "?")
# what the live set is made of (the largest classes by bytes; jcmd collects first)
jcmd "$jvm" GC.class_histogram >"$run/class-histogram.txt" 2>&1 || true

if [ "$restart" = 1 ]; then
  say "restart: bin/stop, then bin/start on the same data"
  "$karaf/bin/stop" >/dev/null 2>&1 || true
  for _ in $(seq 1 120); do kill -0 "$jvm" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$jvm" 2>/dev/null; then say "Karaf did not stop within 60 s: killed"; kill -9 "$jvm" 2>/dev/null || true; fi
  timed_start restart
fi

oom=$(cat "$run"/karaf-*.out "$karaf"/data/log/karaf.log* 2>/dev/null | grep -c 'OutOfMemoryError' || true)
{
  echo "LineLedger footprint, $(date -u '+%Y-%m-%d %H:%M UTC'), $(basename "$dist"), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "JVM: ${gc:-?}, max heap ${max_heap:-?} MiB; options: $(grep -o '^-XX.*' "$run/vm-flags.txt" | tr ' ' '\n' | grep -E 'MaxHeapSize|InitialHeapSize|MaxMetaspace|ReservedCodeCache|ThreadStackSize|MaxDirect|TieredStopAtLevel|Periodic|NativeMemoryTracking' | tr '\n' ' ')"
  echo "     MALLOC_ARENA_MAX=$(tr '\0' '\n' <"/proc/$jvm/environ" 2>/dev/null | sed -n 's/^MALLOC_ARENA_MAX=//p' || true); EXTRA: $(tr '\0' '\n' <"/proc/$jvm/environ" 2>/dev/null | sed -n 's/^EXTRA_JAVA_OPTS=//p' || true)"
  echo
  printf '%-34s %s\n' "tags (lines)" "$tags ($lines)"
  printf '%-34s %s\n' "offered values/s" "$rate (served $served_rate)"
  printf '%-34s %s\n' "tag values received/s by Karaf" "$received_rate (server queue overflows in all: ${overflows:-?})"
  printf '%-34s %s\n' "stored records/s" "$stored_rate"
  printf '%-34s %s\n' "Karaf CPU % of one core" "$cpu"
  printf '%-34s %s\n' "RSS MiB: median / max / end" "$(mib "$rss_median") / $(mib "$rss_max") / $(mib "$rss_now") (over $secs s)"
  printf '%-34s %s\n' "RSS MiB: peak since start (VmHWM)" "$(mib "$hwm")"
  printf '%-34s %s\n' "RSS MiB: anonymous / files" "$(mib "$rss_anon") / $(mib "$rss_file")"
  printf '%-34s %s\n' "heap MiB: used / committed" "${heap_used:-?} / ${heap_committed:-?}"
  printf '%-34s %s\n' "heap MiB in use after a full GC" "${live:-?} (RSS then $(mib "$rss_after_gc") MiB)"
  printf '%-34s %s\n' "metaspace MiB: used / committed" "${meta_used:-?} / ${meta_committed:-?}"
  printf '%-34s %s\n' "threads" "$threads"
  printf '%-34s %s\n' "store file MiB (embedded H2)" "$store_file"
  printf '%-34s %s\n' "cold start s: health / UP / cert" "${timing[cold.health]} / ${timing[cold.up]} / ${timing[cold.cert]}"
  if [ "$restart" = 1 ]; then
    printf '%-34s %s\n' "restart s: health / UP / cert" "${timing[restart.health]} / ${timing[restart.up]} / ${timing[restart.cert]}"
  fi
  printf '%-34s %s\n' "OutOfMemoryError in the logs" "$oom"
  if [ -f "$run/native-memory.txt" ]; then
    echo
    echo "Native memory (NMT, committed MiB, at the end of the load):"
    grep -E '^ *(Total|-)' "$run/native-memory.txt" | sed -E 's/ *\(reserved=[0-9]+MB, committed=([0-9]+)MB\)/ \1/; s/reserved=[0-9]+MB, committed=([0-9]+)MB/\1/' \
      | awk '{ $1 = $1; print "  " $0 }'
  fi
} | tee "$run/report.txt"
[ "$oom" = 0 ] && [ "${timing[cold.cert]}" != "-" ] || exit 1
