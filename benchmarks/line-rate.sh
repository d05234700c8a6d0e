#!/usr/bin/env bash
# Line rate end to end (issue 8). On one anvil (1 s blocks, free gas, one gas limit): (a) plc-sim's bench plant
# (--scenario bench: lines of three measured characteristics a part) -> the LineLedger Karaf distribution with its
# shipped configuration plus one etc/io.lineledger.line-bench-<n>.cfg per plant line -> store -> chain, one step per
# offered rate; then (b) the naive route: one web3j transaction per value, at what the chain's gas limit takes.
# Prints a table per step (also in benchmarks/target/line-rate/report.txt). Loopback only, bounded in time; stops
# everything it started.
#
#   benchmarks/line-rate.sh [--rates 1000,10000,50000,100000,150000] [--step-seconds 30] [--warmup-seconds 10]
#                           [--drain-seconds 60] [--final-drain-seconds 120] [--batch-seconds 10] [--lines 10]
#                           [--naive-seconds N] [--naive-rate R] [--gas-limit 30000000]
#                           [--set PID:KEY=VALUE ...] [--help]
#
# --set changes one setting of the shipped etc/PID.cfg before Karaf starts (repeatable), e.g.
# --set io.lineledger.opcua:ingestConcurrency=4 (each change is printed before the run).
# --rates: measured values a second offered by all lines together. Builds nothing: run `mvn -B -q install
# -DskipTests` first (the distribution and plc-sim), then `mvn -B -q package -pl benchmarks` (this driver).
# DIST=FILE runs another distribution tarball. Ports (override with ANVIL_PORT, OPCUA_PORT, CONTROL_PORT,
# HTTP_PORT, SSH_PORT, RMI_REGISTRY_PORT, RMI_SERVER_PORT): anvil 28545, OPC UA 24840, plc-sim control 24850,
# Karaf HTTP 28181, SSH 28101, RMI 21099/24444. Logs: benchmarks/target/line-rate/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
run="$here/target/line-rate"
ANVIL_PORT=${ANVIL_PORT:-28545}
OPCUA_PORT=${OPCUA_PORT:-24840}
CONTROL_PORT=${CONTROL_PORT:-24850}
HTTP_PORT=${HTTP_PORT:-28181}
SSH_PORT=${SSH_PORT:-28101}
RMI_REGISTRY_PORT=${RMI_REGISTRY_PORT:-21099}
RMI_SERVER_PORT=${RMI_SERVER_PORT:-24444}

say() { printf '[line-rate] %s\n' "$*"; }
die() { printf '[line-rate] %s\n' "$*" >&2; exit 2; }

classes="$here/target/classes"
classpath_file="$here/target/benchmark.classpath"
lines=10 rates=1000,10000,50000,100000,150000 step=30 warmup=10 drain=60 final=120 naive=""
# --set is this script's; every other option also goes to the driver
args=() settings=()
while [ $# -gt 0 ]; do
  if [ "$1" = --set ]; then
    [[ "${2:-}" =~ ^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+=.*$ ]] || die "--set needs PID:KEY=VALUE, got '${2:-}'"
    settings+=("$2"); shift 2
  else
    args+=("$1"); shift
  fi
done
set -- ${args[@]+"${args[@]}"}
while [ $# -gt 0 ]; do
  case "$1" in
    --lines) lines=$2; shift 2 ;;
    --rates) rates=$2; shift 2 ;;
    --step-seconds) step=$2; shift 2 ;;
    --warmup-seconds) warmup=$2; shift 2 ;;
    --drain-seconds) drain=$2; shift 2 ;;
    --final-drain-seconds) final=$2; shift 2 ;;
    --naive-seconds) naive=$2; shift 2 ;;
    -h|--help)
      sed -n '2,21p' "$0"
      if [ -f "$classpath_file" ]; then
        echo; java -cp "$classes:$(cat "$classpath_file")" io.lineledger.benchmarks.linerate.LineRateBenchmark --help
      fi
      exit 0 ;;
    *) shift ;;
  esac
done
[[ "$lines" =~ ^[1-9][0-9]*$ ]] || die "--lines must be a whole number >= 1, got '$lines'"

java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
[ "$java_major" = "17" ] || die "JDK 17 is needed (Karaf 4.4.10), found Java $java_major"
dist=${DIST:-$(ls "$root"/features/distribution/target/lineledger-distribution-*.tar.gz 2>/dev/null | head -n 1 || true)}
simjar=$(ls "$root"/plc-sim/target/lineledger-plc-sim-*-app.jar 2>/dev/null | head -n 1 || true)
simlib=$(ls "$root"/plc-sim/target/lineledger-plc-sim-*.jar 2>/dev/null | grep -v -- '-app\.jar$' | head -n 1 || true)
faultslib=$(ls "$root"/faults/target/lineledger-faults-*.jar 2>/dev/null | grep -v -- '-app\.jar$' | head -n 1 || true)
anvil="$root/devchain/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
missing=""
[ -n "$dist" ] && [ -f "$dist" ] || missing="$missing features/distribution (the Karaf distribution tarball)"
[ -n "$simjar" ] && [ -n "$simlib" ] || missing="$missing plc-sim (its jars)"
[ -n "$faultslib" ] || missing="$missing faults (its jar)"
[ -f "$classpath_file" ] && [ -d "$classes/io/lineledger/benchmarks/linerate" ] || missing="$missing benchmarks (mvn -B -q package -pl benchmarks)"
[ -n "$missing" ] && die "missing build output:$missing. This script builds nothing."
[ -x "$anvil" ] || die "anvil is not installed: run 'bash devchain/devchain.sh install' first"
for port in "$ANVIL_PORT" "$OPCUA_PORT" "$CONTROL_PORT" "$HTTP_PORT" "$SSH_PORT" "$RMI_REGISTRY_PORT" "$RMI_SERVER_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is in use on 127.0.0.1"; fi
done

# stops what the driver started, by the PIDs it recorded, and only processes of this run
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "${driver_pid:-}" ] && kill -0 "$driver_pid" 2>/dev/null; then
    kill "$driver_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$driver_pid" 2>/dev/null || break; sleep 0.5; done
  fi
  for pidfile in "$run"/pids/*.pid; do
    [ -f "$pidfile" ] || continue
    while read -r pid; do
      [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || continue
      if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -e "$run" -e "$anvil"; then kill -9 "$pid" 2>/dev/null || true; fi
    done <"$pidfile"
    rm -f "$pidfile"
  done
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -rf "$run"
mkdir -p "$run/karaf" "$run/pids"
say "unpacking $(basename "$dist") into benchmarks/target/line-rate/karaf"
tar -xzf "$dist" -C "$run/karaf" --strip-components=1
etc="$run/karaf/etc"
template="$etc/io.lineledger.line-line-2.cfg"
[ -f "$template" ] || die "the distribution has no etc/io.lineledger.line-line-2.cfg to copy the bench lines from"
# the shipped settings as they are, on this run's ports
sed -i "s#^rpcUrl *=.*#rpcUrl = http://127.0.0.1:$ANVIL_PORT#" "$etc/io.lineledger.ledger.cfg"
# anvil's first dev account signs (refused off the dev chain 31337); the naive route's deployer uses it too
sed -i "s#^keyStoreFile *=.*#privateKey = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80#; /^keyStorePasswordFile *=/d" \
  "$etc/io.lineledger.ledger.cfg"
sed -i "s#^org.osgi.service.http.port *=.*#org.osgi.service.http.port = $HTTP_PORT#" "$etc/org.ops4j.pax.web.cfg"
echo "org.ops4j.pax.web.listening.addresses = 127.0.0.1" >>"$etc/org.ops4j.pax.web.cfg"
sed -i "s#^rmiRegistryPort *=.*#rmiRegistryPort = $RMI_REGISTRY_PORT#; s#^rmiServerPort *=.*#rmiServerPort = $RMI_SERVER_PORT#" \
  "$etc/org.apache.karaf.management.cfg"
sed -i "s#^sshPort *=.*#sshPort = $SSH_PORT#; s#^sshHost *=.*#sshHost = 127.0.0.1#" "$etc/org.apache.karaf.shell.cfg"
# the bench plant's lines instead of the demo's: plc-sim's LineN as line bench-N, each a copy of the shipped line-2
# (Line2 of the demo: the same stations, tags, PackML batch boundary, counters, alarms and limits)
for n in $(seq 1 "$lines"); do
  sed -e "s#^lineId *=.*#lineId = bench-$n#" \
      -e "s#^endpointUrl *=.*#endpointUrl = opc.tcp://127.0.0.1:$OPCUA_PORT/lineledger#" \
      -e "s#^\(tag\.[^=]*\.path *= *\)Line2/#\1Line$n/#" \
      "$template" >"$etc/io.lineledger.line-bench-$n.cfg"
done
rm -f "$etc"/io.lineledger.line-line-*.cfg
for setting in ${settings[@]+"${settings[@]}"}; do
  pid=${setting%%:*} key=${setting#*:}; key=${key%%=*} value=${setting#*=}
  cfg="$etc/$pid.cfg"
  [ -f "$cfg" ] || die "--set $setting: the distribution has no etc/$pid.cfg"
  sed -i "/^[#[:space:]]*$key[[:space:]]*=/d" "$cfg"
  echo "$key = $value" >>"$cfg"
  say "setting $pid: $key = $value"
done
# the driver reads the status API as an integrator (KarafProbe): no user ships with the distribution
echo "bench = bench-password,_g_:integrators" >>"$etc/users.properties"

# the driver runs from a copy of its classes and libraries, with this tree's plc-sim and faults jars: a build that
# runs meanwhile must not swap them under it
lib="$run/lib"
mkdir -p "$lib"
cp -r "$classes" "$lib/classes"
driver_cp="$lib/classes"
i=0
IFS=: read -ra entries <"$classpath_file" || true  # no newline at its end
for entry in "${entries[@]}"; do
  case "$entry" in
    */io/lineledger/lineledger-plc-sim/*) entry=$simlib ;;
    */io/lineledger/lineledger-faults/*) entry=$faultslib ;;
  esac
  i=$((i + 1))
  cp "$entry" "$lib/$i-$(basename "$entry")"
  driver_cp="$driver_cp:$lib/$i-$(basename "$entry")"
done

cp "$simjar" "$lib/plc-sim-app.jar"
simjar="$lib/plc-sim-app.jar"

steps=$(awk -F, '{print NF}' <<<"$rates")
[ "$warmup" != 0 ] && steps=$((steps + 1))
# a hard bound on top of the driver's own: Karaf's start, every step and its drain, the naive route, the analysis
limit=$((900 + steps * (step + drain + 15) + final + 2 * (${naive:-$step} + drain + 30)))
say "$lines lines, rates $rates values/s, $step s a step; at most $limit s; logs in benchmarks/target/line-rate/"
status=0
# the naive route's Milo client logs each republish it asks for with a stack trace: errors only
timeout --signal=TERM --kill-after=60 "$limit" java -Xms1g -Xmx1g -Dorg.slf4j.simpleLogger.log.org.eclipse.milo=error \
  -cp "$driver_cp" \
  io.lineledger.benchmarks.linerate.LineRateBenchmark \
  --run-dir "$run" --karaf-home "$run/karaf" --plc-sim-jar "$simjar" --anvil "$anvil" \
  --anvil-port "$ANVIL_PORT" --opcua-port "$OPCUA_PORT" --control-port "$CONTROL_PORT" --http-port "$HTTP_PORT" \
  --report "$run/report.txt" "${args[@]}" &
driver_pid=$!
wait "$driver_pid" || status=$?
driver_pid=""
[ "$status" = 124 ] && say "the run exceeded its bound of $limit s"
exit "$status"
