#!/usr/bin/env bash
# Starts or stops a plc-sim for the integration tests: plc-sim.sh start|stop JAR PORT WORKDIR [PLC-SIM OPTION ...]
# start returns once the simulator prints its endpoint (or fails with its log); the options after WORKDIR go to
# plc-sim (e.g. --user NAME:PASSWORD --trust-all-clients for the secured endpoint's test).
set -euo pipefail
cmd=$1 jar=$2 port=$3 work=$4
shift 4
pidfile="$work/plc-sim-$port.pid" log="$work/plc-sim-$port.log"
mkdir -p "$work"
case "$cmd" in
  start)
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "plc-sim already running (pid $(cat "$pidfile"))"; exit 0
    fi
    # setsid: the simulator outlives this script (Maven's exec) until 'stop'
    setsid java -jar "$jar" --port "$port" --data "$work/data-$port" "$@" >"$log" 2>&1 < /dev/null &
    echo $! >"$pidfile"
    for _ in $(seq 1 60); do
      if grep -q "plc-sim listening on" "$log"; then grep "plc-sim listening on" "$log"; exit 0; fi
      if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "plc-sim exited:"; tail -n 30 "$log"; exit 1; fi
      sleep 0.5
    done
    echo "plc-sim did not start within 30 s:"; tail -n 30 "$log"; exit 1
    ;;
  stop)
    if [ -f "$pidfile" ]; then
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$pidfile"
    fi
    ;;
  *) echo "usage: plc-sim.sh start|stop JAR PORT WORKDIR [PLC-SIM OPTION ...]" >&2; exit 2 ;;
esac
