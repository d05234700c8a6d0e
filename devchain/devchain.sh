#!/usr/bin/env bash
# Local development chain for LineLedger: pinned anvil and solc from npm (see package.json).
#
#   devchain.sh install          npm ci when node_modules is missing or older than package-lock.json
#   devchain.sh start [port]     anvil on 127.0.0.1:<port> (default 8545) in the background; BLOCK_TIME (default 1);
#                                STATE_FILE: load the chain from that file and write it back when stopped
#   devchain.sh stop [port]      stops the anvil this script started on that port
#   devchain.sh status [port]    says whether a node answers on that port, and its chain id and block
#
# anvil always runs with --block-time (its instant-mining mode jams under pipelined load) and free gas,
# like the Besu network in production (min-gas-price 0, zero base fee).
set -euo pipefail

DEVCHAIN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_DIR="$DEVCHAIN_DIR/run"
ANVIL="$DEVCHAIN_DIR/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
DEFAULT_PORT=8545
START_TIMEOUT_SECONDS=30

die() { echo "devchain: $*" >&2; exit 1; }
say() { echo "devchain: $*"; }

require_node() {
  command -v node >/dev/null 2>&1 || die "node is not installed: install Node.js 20 or later (it brings npm)"
  command -v npm >/dev/null 2>&1 || die "npm is not installed: install npm (it comes with Node.js 20 or later)"
}

needs_install() {
  # npm writes node_modules/.package-lock.json on every install: older than the lock file means stale
  [[ ! -d "$DEVCHAIN_DIR/node_modules" ]] \
    || [[ ! -f "$DEVCHAIN_DIR/node_modules/.package-lock.json" ]] \
    || [[ "$DEVCHAIN_DIR/package-lock.json" -nt "$DEVCHAIN_DIR/node_modules/.package-lock.json" ]] \
    || [[ ! -x "$ANVIL" ]]
}

cmd_install() {
  require_node
  if needs_install; then
    say "installing pinned tools (npm ci)"
    (cd "$DEVCHAIN_DIR" && npm ci --no-audit --no-fund) || die "npm ci failed in $DEVCHAIN_DIR"
  else
    say "tools are installed and up to date"
  fi
}

check_port() {
  [[ "$1" =~ ^[0-9]+$ ]] && (( $1 > 0 && $1 < 65536 )) || die "port must be a number 1..65535, got '$1'"
}

# Prints the JSON-RPC result of a call without parameters, or fails when nothing answers.
rpc() {
  local port=$1 method=$2 response
  response=$(curl -s --max-time 2 -H 'Content-Type: application/json' \
    -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$method\",\"params\":[]}" \
    "http://127.0.0.1:$port" 2>/dev/null) || return 1
  [[ "$response" =~ \"result\":\"(0x[0-9a-fA-F]*)\" ]] || return 1
  echo "${BASH_REMATCH[1]}"
}

answers() { rpc "$1" eth_chainId >/dev/null; }

cmd_start() {
  local port=${1:-$DEFAULT_PORT} block_time=${BLOCK_TIME:-1}
  check_port "$port"
  [[ "$block_time" =~ ^[0-9]+$ ]] && (( block_time > 0 )) \
    || die "BLOCK_TIME must be a whole number of seconds >= 1, got '$block_time'"
  command -v curl >/dev/null 2>&1 || die "curl is not installed: install curl"
  if answers "$port"; then
    say "a node already answers on 127.0.0.1:$port (chain id $(( $(rpc "$port" eth_chainId) ))): reusing it"
    return 0
  fi
  [[ -x "$ANVIL" ]] || cmd_install
  mkdir -p "$RUN_DIR"
  local log="$RUN_DIR/anvil-$port.log" pidfile="$RUN_DIR/anvil-$port.pid"
  nohup "$ANVIL" --host 127.0.0.1 --port "$port" --block-time "$block_time" \
    --block-base-fee-per-gas 0 --gas-price 0 ${STATE_FILE:+--state "$STATE_FILE"} >"$log" 2>&1 &
  local pid=$!
  echo "$pid" >"$pidfile"
  local deadline=$(( SECONDS + START_TIMEOUT_SECONDS ))
  until answers "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pidfile"
      echo "--- last lines of $log ---" >&2; tail -n 20 "$log" >&2
      die "anvil exited before answering on port $port"
    fi
    if (( SECONDS >= deadline )); then
      kill "$pid" 2>/dev/null || true
      rm -f "$pidfile"
      echo "--- last lines of $log ---" >&2; tail -n 20 "$log" >&2
      die "anvil did not answer on port $port within ${START_TIMEOUT_SECONDS}s"
    fi
    sleep 0.2
  done
  say "anvil started on 127.0.0.1:$port (pid $pid, block time ${block_time}s, chain id $(( $(rpc "$port" eth_chainId) )), log $log)"
}

cmd_stop() {
  local port=${1:-$DEFAULT_PORT}
  check_port "$port"
  local pidfile="$RUN_DIR/anvil-$port.pid"
  if [[ ! -f "$pidfile" ]]; then
    if answers "$port"; then
      die "a node answers on port $port but this script did not start it: not stopping it"
    fi
    say "no anvil on port $port"
    return 0
  fi
  local pid; pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    say "stopped anvil on port $port (pid $pid)"
  else
    say "anvil on port $port (pid $pid) was not running"
  fi
  rm -f "$pidfile"
}

cmd_status() {
  local port=${1:-$DEFAULT_PORT}
  check_port "$port"
  if answers "$port"; then
    local pidfile="$RUN_DIR/anvil-$port.pid" owner="not started by this script"
    [[ -f "$pidfile" ]] && owner="pid $(cat "$pidfile")"
    say "node on 127.0.0.1:$port: chain id $(( $(rpc "$port" eth_chainId) )), block $(( $(rpc "$port" eth_blockNumber) )) ($owner)"
  else
    say "no node answers on 127.0.0.1:$port"
    return 3
  fi
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start "${2:-}" ;;
  stop) cmd_stop "${2:-}" ;;
  status) cmd_status "${2:-}" ;;
  *) echo "usage: $0 install | start [port] | stop [port] | status [port]" >&2; exit 2 ;;
esac
