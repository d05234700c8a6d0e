#!/usr/bin/env bash
# Fault harness (issue 6): plc-sim under load, anvil and the LineLedger Karaf distribution on loopback ports of
# their own; kills Karaf (kill -9) and restarts it, takes the chain node down and brings it back with its state,
# restarts plc-sim (and PostgreSQL), then compares what plc-sim served and the chain anchored with the store.
# Prints a table (also in faults/target/report.txt); exits 1 on anything lost, duplicated, stalled or unprovable.
#
#   faults/run.sh [--store h2|postgres] [--minutes N] [--kills K] [--seed S] [--short]
#
# Builds nothing: run `mvn install` first (the distribution, plc-sim and this module's -app.jar).
# --short is the CI variant: 5 kills, a 20 s chain node outage, one plc-sim restart (and one PostgreSQL restart
# with --store postgres), at most ~6 minutes.
# DIST=FILE uses another distribution tarball. PG_CLUSTER/PG_PORT: another PostgreSQL cluster (.ci/postgres.sh). Ports (override with ANVIL_PORT, OPCUA_PORT, HTTP_PORT): anvil 28545, OPC UA 24840, Karaf HTTP 28181,
# Karaf SSH 28101, RMI 28199/28444. Logs: faults/target/run/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
run="$here/target/run"
ANVIL_PORT=${ANVIL_PORT:-28545}
OPCUA_PORT=${OPCUA_PORT:-24840}
HTTP_PORT=${HTTP_PORT:-28181}
SSH_PORT=${SSH_PORT:-28101}
RMI_REGISTRY_PORT=${RMI_REGISTRY_PORT:-28199}
RMI_SERVER_PORT=${RMI_SERVER_PORT:-28444}
RATE=${RATE:-25}

store=h2 minutes=10 kills=5 seed=42 short=0
while [ $# -gt 0 ]; do
  case "$1" in
    --store) store=$2; shift 2 ;;
    --minutes) minutes=$2; shift 2 ;;
    --kills) kills=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --short) short=1; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "faults: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$short" = 1 ]; then kills=5; fi
case "$store" in h2|postgres) ;; *) echo "faults: --store must be h2 or postgres, got '$store'" >&2; exit 2 ;; esac

say() { printf '[faults] %s\n' "$*"; }
die() { printf '[faults] %s\n' "$*" >&2; exit 2; }

java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
[ "$java_major" = "17" ] || die "JDK 17 is needed (Karaf 4.4.10), found Java $java_major"
# DIST: another distribution tarball (default: the one the build made)
dist=${DIST:-$(ls "$root"/features/distribution/target/lineledger-distribution-*.tar.gz 2>/dev/null | head -n 1 || true)}
simjar=$(ls "$root"/plc-sim/target/lineledger-plc-sim-*-app.jar 2>/dev/null | head -n 1 || true)
harness=$(ls "$here"/target/lineledger-faults-*-app.jar 2>/dev/null | head -n 1 || true)
anvil="$root/devchain/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
missing=""
[ -n "$dist" ] || missing="$missing features/distribution (the Karaf distribution tarball)"
[ -n "$simjar" ] || missing="$missing plc-sim (its -app.jar)"
[ -n "$harness" ] || missing="$missing faults (its -app.jar)"
[ -n "$missing" ] && die "missing build output:$missing. Run 'mvn -B install -DskipTests' first; this script builds nothing."
[ -x "$anvil" ] || die "anvil is not installed: run 'bash devchain/devchain.sh install' first"
for port in "$ANVIL_PORT" "$OPCUA_PORT" "$HTTP_PORT" "$SSH_PORT" "$RMI_REGISTRY_PORT" "$RMI_SERVER_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is in use on 127.0.0.1"; fi
done

# stops what the harness started, by the PIDs it recorded, and only processes of this run
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "${harness_pid:-}" ] && kill -0 "$harness_pid" 2>/dev/null; then
    kill "$harness_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$harness_pid" 2>/dev/null || break; sleep 0.5; done
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
say "unpacking $(basename "$dist") into faults/target/run/karaf"
tar -xzf "$dist" -C "$run/karaf" --strip-components=1
empty=$(find "$run/karaf/system/io/lineledger" -name '*.jar' -size 0 | head -n 1)
[ -z "$empty" ] || die "the distribution is incomplete (${empty#$run/karaf/} is empty: built while a module was rebuilt?); rebuild features/distribution"
etc="$run/karaf/etc"
# the harness reads the JSON API as an integrator (StoredRecordSampler): no user ships with the distribution
echo "faults = faults-password,_g_:integrators" >>"$etc/users.properties"
sed -i "s#^endpointUrl *=.*#endpointUrl = opc.tcp://127.0.0.1:$OPCUA_PORT/lineledger#" "$etc"/io.lineledger.line-*.cfg
sed -i "s#^rpcUrl *=.*#rpcUrl = http://127.0.0.1:$ANVIL_PORT#" "$etc/io.lineledger.ledger.cfg"
# the harness' anvil is the dev chain: sign with its published account #0 (refused on any other chain)
sed -i "s#^keyStoreFile *=.*#privateKey = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80#; /^keyStorePasswordFile *=/d" "$etc/io.lineledger.ledger.cfg"
sed -i "s#^org.osgi.service.http.port *=.*#org.osgi.service.http.port = $HTTP_PORT#" "$etc/org.ops4j.pax.web.cfg"
echo "org.ops4j.pax.web.listening.addresses = 127.0.0.1" >>"$etc/org.ops4j.pax.web.cfg"
sed -i "s#^rmiRegistryPort *=.*#rmiRegistryPort = $RMI_REGISTRY_PORT#; s#^rmiServerPort *=.*#rmiServerPort = $RMI_SERVER_PORT#" \
  "$etc/org.apache.karaf.management.cfg"
sed -i "s#^sshPort *=.*#sshPort = $SSH_PORT#; s#^sshHost *=.*#sshHost = 127.0.0.1#" "$etc/org.apache.karaf.shell.cfg"

jdbc_url="jdbc:h2:file:$run/karaf/data/lineledger/store" db_user=sa db_password=""
if [ "$store" = postgres ]; then
  pg="$root/.ci/postgres.sh"
  [ -x "$pg" ] || die "PostgreSQL mode needs .ci/postgres.sh"
  grep -q 'name="lineledger-postgresql"' "$run"/karaf/system/io/lineledger/lineledger-features/*/*-features.xml \
    || die "this distribution has no lineledger-postgresql feature yet; rebuild it once the store supports PostgreSQL"
  db="faults_$(date +%Y%m%d_%H%M%S)"
  say "PostgreSQL: starting the cluster and creating database $db"
  bash "$pg" install >"$run/postgres.log" 2>&1
  bash "$pg" start >>"$run/postgres.log" 2>&1
  bash "$pg" create "$db" >>"$run/postgres.log" 2>&1
  db_user=lineledger db_password=lineledger
  jdbc_url="jdbc:postgresql://127.0.0.1:${PG_PORT:-5432}/$db"
  examples="$root/docs/examples/postgresql/etc"
  if [ -f "$examples/org.ops4j.datasource-lineledger.cfg" ]; then
    # the documented configuration, pointed at this run's database
    cp "$examples/org.ops4j.datasource-lineledger.cfg" "$examples/io.lineledger.store.cfg" "$etc/"
    sed -i "s#^url *=.*#url = $jdbc_url#; s#^user *=.*#user = $db_user#; s#^password *=.*#password = $db_password#" \
      "$etc/org.ops4j.datasource-lineledger.cfg"
  else
    printf '%s\n' "osgi.jdbc.driver.name = PostgreSQL JDBC Driver" "dataSourceName = lineledger" "url = $jdbc_url" \
      "user = $db_user" "password = $db_password" >"$etc/org.ops4j.datasource-lineledger.cfg"
    echo "dataSource.target = (dataSourceName=lineledger)" >>"$etc/io.lineledger.store.cfg"
  fi
  sed -i 's#^\(    (scr, http-whiteboard, lineledger\)#\1, lineledger-postgresql#' "$etc/org.apache.karaf.features.cfg"
  grep -q 'lineledger-postgresql' "$etc/org.apache.karaf.features.cfg" \
    || die "could not add lineledger-postgresql to featuresBoot in etc/org.apache.karaf.features.cfg"
fi

args=(--run-dir "$run" --karaf-home "$run/karaf" --plc-sim-jar "$simjar" --scenario "$here/scenario.yaml"
      --anvil "$anvil" --anvil-port "$ANVIL_PORT" --opcua-port "$OPCUA_PORT" --http-port "$HTTP_PORT" --rate "$RATE"
      --store "$store" --jdbc-url "$jdbc_url" --db-user "$db_user" --db-password "$db_password"
      --postgres-script "$root/.ci/postgres.sh" --minutes "$minutes" --kills "$kills" --seed "$seed"
      --report "$here/target/report.txt")
[ "$short" = 1 ] && args+=(--short)
# a hard bound on top of the harness's own pacing
if [ "$short" = 1 ]; then limit=480; else limit=$(awk -v m="$minutes" 'BEGIN { printf "%d", m * 60 + 900 }'); fi
say "store $store, seed $seed, $kills kills, $([ "$short" = 1 ] && echo short || echo "$minutes min"); logs in faults/target/run/"
status=0
timeout --signal=TERM --kill-after=60 "$limit" java -Xmx256m -jar "$harness" "${args[@]}" &
harness_pid=$!
wait "$harness_pid" || status=$?
harness_pid=""
[ "$status" = 124 ] && say "the run exceeded its bound of $limit s"
[ "$store" = postgres ] && bash "$root/.ci/postgres.sh" start >>"$run/postgres.log" 2>&1 || true
exit "$status"
