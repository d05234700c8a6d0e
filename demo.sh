#!/usr/bin/env bash
# The whole line on this machine, in one command: a local chain node (anvil), the PLC simulator, and the
# LineLedger Karaf distribution reading it. Prints the certificate page of the first anchored batch.
# Ctrl-C stops everything it started.
#
#   ./demo.sh              build if needed, then run
#   REBUILD=1 ./demo.sh    rebuild first
#   ANVIL_PORT=8545 OPCUA_PORT=4840 HTTP_PORT=8181 ./demo.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
run="$here/run"
ANVIL_PORT=${ANVIL_PORT:-8545}
OPCUA_PORT=${OPCUA_PORT:-4840}
HTTP_PORT=${HTTP_PORT:-8181}
WAIT_SECONDS=${WAIT_SECONDS:-120}

say() { printf '\033[1m[demo]\033[0m %s\n' "$*"; }
die() { printf '[demo] %s\n' "$*" >&2; exit 1; }

for tool in java mvn node npm curl; do
  command -v "$tool" >/dev/null || die "'$tool' is not on the PATH: the demo needs JDK 17, Maven, Node.js (with npm) and curl"
done
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
[ "$java_major" = "17" ] || die "JDK 17 is needed (Karaf 4.4.10 does not run on Java $java_major); set JAVA_HOME/PATH to a JDK 17"

bash devchain/devchain.sh install

dist=$(ls features/distribution/target/lineledger-distribution-*.tar.gz 2>/dev/null | head -n 1 || true)
simjar=$(ls plc-sim/target/lineledger-plc-sim-*-app.jar 2>/dev/null | head -n 1 || true)
kitjar=$(ls besu-kit/target/lineledger-besu-kit-*-cli.jar 2>/dev/null | head -n 1 || true)
if [ -z "$dist" ] || [ -z "$simjar" ] || [ -z "$kitjar" ] || [ "${REBUILD:-0}" = "1" ]; then
  say "building (mvn install without tests; a few minutes the first time)"
  mvn -B -q install -DskipTests
  dist=$(ls features/distribution/target/lineledger-distribution-*.tar.gz | head -n 1)
  simjar=$(ls plc-sim/target/lineledger-plc-sim-*-app.jar | head -n 1)
  kitjar=$(ls besu-kit/target/lineledger-besu-kit-*-cli.jar | head -n 1)
fi

mkdir -p "$run"
karaf_pid="" sim_pid=""
cleanup() {
  trap - EXIT INT TERM
  say "stopping"
  if [ -n "$karaf_pid" ]; then
    # bin/karaf's JVM is a child of its shell script: ask Karaf to shut down, then make sure it did
    "$run/karaf/bin/stop" >/dev/null 2>&1 || true
    for _ in $(seq 1 40); do kill -0 "$karaf_pid" 2>/dev/null || break; sleep 0.5; done
    pkill -f -- "-Dkaraf.home=$run/karaf" 2>/dev/null || true
  fi
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
  bash devchain/devchain.sh stop "$ANVIL_PORT" || true
}
trap cleanup EXIT INT TERM

say "starting the chain node on 127.0.0.1:$ANVIL_PORT"
bash devchain/devchain.sh start "$ANVIL_PORT"

say "starting plc-sim on opc.tcp://127.0.0.1:$OPCUA_PORT/lineledger"
java -jar "$simjar" --port "$OPCUA_PORT" --data "$run/plc-sim" >"$run/plc-sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 1 60); do
  grep -q "plc-sim listening on" "$run/plc-sim.log" 2>/dev/null && break
  kill -0 "$sim_pid" 2>/dev/null || { tail -n 30 "$run/plc-sim.log"; die "plc-sim exited"; }
  sleep 0.5
done

say "unpacking $(basename "$dist") into run/karaf (fresh each time)"
rm -rf "$run/karaf"
mkdir -p "$run/karaf"
tar -xzf "$dist" -C "$run/karaf" --strip-components=1
etc="$run/karaf/etc"
sed -i "s#^endpointUrl *=.*#endpointUrl = opc.tcp://127.0.0.1:$OPCUA_PORT/lineledger#" "$etc"/io.lineledger.line-*.cfg
sed -i "s#^rpcUrl *=.*#rpcUrl = http://127.0.0.1:$ANVIL_PORT#" "$etc/io.lineledger.ledger.cfg"
echo "org.osgi.service.http.port = $HTTP_PORT" >>"$etc/org.ops4j.pax.web.cfg"
# the ledger signs with a key of its own, made here (no key ships with the distribution): a keystore and its
# password file where etc/io.lineledger.ledger.cfg expects them
account=$(java -jar "$kitjar" keystore --out "$etc/lineledger/anchoring-key.json" \
  --password-file "$etc/lineledger/anchoring-key.password")
say "anchoring account $account (keystore run/karaf/etc/lineledger/anchoring-key.json)"
# anvil charges gas, a free-gas Besu network does not: give the new account a balance on the dev chain
curl -fs -H 'Content-Type: application/json' \
  -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"anvil_setBalance\",\"params\":[\"$account\",\"0x56BC75E2D63100000\"]}" \
  "http://127.0.0.1:$ANVIL_PORT" >/dev/null || die "could not fund $account on the dev chain"

# the demo's people (docs/examples/users/users.properties: one per role), each with a new random password: the
# distribution ships no user. Karaf replaces each password by its digest in etc/users.properties once it reads it.
people=()
declare -A passwords=() roles=()
while IFS= read -r entry; do
  user=$(sed 's/ *=.*//' <<<"$entry") group=$(sed 's/.*_g_://' <<<"$entry")
  password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
  people+=("$user") passwords[$user]=$password roles[$user]=${group%s}
  printf '%s = %s,_g_:%s\n' "$user" "$password" "$group" >>"$etc/users.properties"
  [ "${group%s}" != integrator ] || auth="$user:$password"
done < <(grep -v '^ *#' docs/examples/users/users.properties | grep '=')
[ -n "${auth:-}" ] || die "docs/examples/users/users.properties names no integrator"
# the full names a signed release shows (docs/examples/users/signers.properties): a user without one cannot sign
declare -A names=()
while IFS= read -r entry; do
  names[$(sed 's/ *=.*//' <<<"$entry")]=$(sed 's/^[^=]*= *//' <<<"$entry")
  printf '%s\n' "$entry" >>"$etc/lineledger/signers.properties"
done < <(grep -v '^ *#' docs/examples/users/signers.properties | grep '=')
# certificates are compared with the dev chain, and the verify page checks proof files against it (the registry
# is pinned once it is known)
sed -i "s#^verifyRpcUrl *=.*#verifyRpcUrl = http://127.0.0.1:$ANVIL_PORT#" "$etc/io.lineledger.certificates.cfg"

say "starting Karaf (log: run/karaf/data/log/karaf.log)"
"$run/karaf/bin/karaf" server >"$run/karaf.out" 2>&1 &
karaf_pid=$!

base="http://127.0.0.1:$HTTP_PORT/lineledger"
# the lines the distribution records: one etc/io.lineledger.line-<name>.cfg each
lines=$(sed -n 's/^lineId *= *//p' "$etc"/io.lineledger.line-*.cfg | tr -d '\r' | sort)
say "waiting up to ${WAIT_SECONDS}s for a batch of each line ($(echo $lines)) to be recorded and anchored"
deadline=$((SECONDS + WAIT_SECONDS))
declare -A certificates=()
while [ $SECONDS -lt $deadline ] && [ ${#certificates[@]} -lt $(wc -w <<<"$lines") ]; do
  kill -0 "$karaf_pid" 2>/dev/null || { tail -n 40 "$run/karaf.out"; die "Karaf exited"; }
  for line in $lines; do
    [ -z "${certificates[$line]:-}" ] || continue
    for path in $(curl -fs -u "$auth" "$base/batches?line=$line" 2>/dev/null | grep -o 'href="/lineledger/batches/[^"?]*"' | sed 's/^href="//; s/"$//' | sort -u); do
      # a batch seen from its first part (Karaf may have joined the first one mid-way)
      page=$(curl -fs -u "$auth" "http://127.0.0.1:$HTTP_PORT$path" 2>/dev/null || true)
      if grep -q 'data-anchored="true"' <<<"$page" && grep -q 'data-unobserved="0"' <<<"$page"; then
        certificates[$line]="http://127.0.0.1:$HTTP_PORT$path"
        break
      fi
    done
  done
  [ ${#certificates[@]} -eq $(wc -w <<<"$lines") ] || sleep 2
done
[ ${#certificates[@]} -gt 0 ] || die "no anchored batch within ${WAIT_SECONDS}s; see run/karaf/data/log/karaf.log and run/plc-sim.log"
# the registry an auditor pins (a plant publishes it; here the ledger deployed it and says so in its log)
registry=$(grep -o 'anchoring to LineLedgerRegistry 0x[0-9a-fA-F]*' "$run/karaf/data/log/karaf.log" | tail -n 1 | awk '{print $4}')
[ -z "$registry" ] || sed -i "s#^verifyRegistry *=.*#verifyRegistry = $registry#" "$etc/io.lineledger.certificates.cfg"

cat <<MSG

  Batches are recorded and anchored. Open a certificate of each line:

$(for line in $lines; do printf '      %-8s %s\n' "$line" "${certificates[$line]:-(none anchored yet: see $base/batches?line=$line)}"; done)

  All batches:     $base/batches
  Proof files:     the "proof" links on a certificate page; check one as an auditor would with
                   java -jar bundles/verifier/target/lineledger-verifier-*-cli.jar verify PROOF.json \\
                       --rpc http://127.0.0.1:$ANVIL_PORT --contract ${registry:-<registry address>}
  Run-time status: http://127.0.0.1:$HTTP_PORT/lineledger/status

  Sign in as (docs/examples/users/users.properties, full names from signers.properties; new passwords each run):
$(for user in "${people[@]}"; do printf '      %-8s %-26s %-12s %s\n' "$user" "${passwords[$user]}" "${roles[$user]}" "${names[$user]:-}"; done)
  Supervisors release or reject a batch from its certificate; auditors download proof files and check them on
  $base/verify. Scripts send the same users with HTTP Basic (curl -u user:password).

  Ctrl-C stops the demo.
MSG
wait "$karaf_pid"
