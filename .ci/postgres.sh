#!/usr/bin/env bash
# PostgreSQL for the store's tests and the fault harness: Debian's package, cluster "15 main" on 127.0.0.1:5432.
# Every command is idempotent: harmless when PostgreSQL is already installed, running, stopped or set up.
# Run as root.
#
#   .ci/postgres.sh install          apt-get install postgresql, only if it is missing
#   .ci/postgres.sh start            start the cluster (waits until it accepts connections)
#   .ci/postgres.sh create [DB]      user lineledger/lineledger and database DB (default lineledger)
#   .ci/postgres.sh stop             stop the cluster
#   .ci/postgres.sh up [DB]          install + start + create
#
# Then: mvn ... -Dlineledger.test.postgres.url=jdbc:postgresql://127.0.0.1:5432/lineledger
# PG_CLUSTER=name PG_PORT=port: another cluster (created on first start), e.g. for a fault run that restarts its
# database while tests use the default one.
set -euo pipefail

PG_VERSION="${PG_VERSION:-15}"
PG_CLUSTER="${PG_CLUSTER:-main}"
DB_USER="lineledger"
DB_PASSWORD="lineledger"

as_postgres() {
    # runuser keeps working without a login shell; su is the fallback on images without it
    if command -v runuser >/dev/null 2>&1; then
        runuser -u postgres -- "$@"
    else
        su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
}

psql_admin() {
    as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$(port)" -d postgres "$@"
}

install() {
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d "/usr/lib/postgresql/${PG_VERSION}/bin" ]; then
        return 0
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

is_running() {
    pg_lsclusters --no-header 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" \
        '$1 == v && $2 == c && $4 == "online" { found = 1 } END { exit !found }'
}

start() {
    if [ -z "$(port)" ]; then
        # another cluster than Debian's default one (PG_CLUSTER), e.g. for a fault run beside the tests' cluster
        pg_createcluster "$PG_VERSION" "$PG_CLUSTER" ${PG_PORT:+--port "$PG_PORT"} >/dev/null
    fi
    if ! is_running; then
        pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
    fi
    for _ in $(seq 1 30); do
        if as_postgres pg_isready -q -h 127.0.0.1 -p "$(port)"; then
            return 0
        fi
        sleep 1
    done
    echo "postgres.sh: cluster ${PG_VERSION}/${PG_CLUSTER} does not accept connections after 30 s" >&2
    return 1
}

port() {
    pg_lsclusters --no-header | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c { print $3 }'
}

create() {
    local db="${1:-lineledger}"
    if [[ ! "$db" =~ ^[a-z_][a-z0-9_]*$ ]]; then
        echo "postgres.sh: database name must be lower-case letters, digits and _, got '$db'" >&2
        return 2
    fi
    if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '${DB_USER}'")" ]; then
        psql_admin -c "CREATE USER ${DB_USER} PASSWORD '${DB_PASSWORD}'"
    fi
    if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '${db}'")" ]; then
        psql_admin -c "CREATE DATABASE ${db} OWNER ${DB_USER}"
    fi
}

stop() {
    if is_running; then
        pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop
    fi
}

case "${1:-}" in
    install) install ;;
    start) start ;;
    create) create "${2:-lineledger}" ;;
    stop) stop ;;
    up) install; start; create "${2:-lineledger}" ;;
    *) echo "usage: $0 install|start|create [DB]|stop|up [DB]" >&2; exit 2 ;;
esac
