#!/usr/bin/env bash
# A production-mode cluster on this machine: PostgreSQL (its own, unless AITBC_POSTGRES_ADMIN names one), the schema
# and a silo role, a development CA with silo, gateway and operator certificates, two silos and one gateway with TLS.
#
#   deploy/scripts/local-cluster.sh up      # prints GATEWAY_URL=, OPERATOR_KEY=, SILO_GATEWAYS=, CA_CERT= (one per line)
#   deploy/scripts/local-cluster.sh down    # stops everything `up` started and removes its database
#   deploy/scripts/local-cluster.sh pg-stop|pg-start   # stops (fast) or starts the private PostgreSQL: fault injection
#
# Environment (all optional):
#   AITBC_LOCAL_CLUSTER_DIR  state: logs, certificates, pids, cluster.env   (default ${TMPDIR:-/tmp}/aitbc-local-cluster)
#   AITBC_POSTGRES_ADMIN     libpq URL of a role that may create databases and roles; without it a private PostgreSQL
#                            is initialised in the state directory on a free port
#   AITBC_PORT_BASE          first port to try (default: random below the kernel's ephemeral port range); each is checked free
#   AITBC_CONFIGURATION      Debug or Release (default Debug)
#   AITBC_NO_BUILD=1         use the existing build output
#   AITBC_SILO_ARGS, AITBC_GATEWAY_ARGS   extra --Key=Value settings for the silos and the gateway (space-separated)
# Also written to $AITBC_LOCAL_CLUSTER_DIR/cluster.env: the same lines, plus the silo HTTP addresses, the operator
# certificate (for operators' tools such as `Gateway create-key`) and what `down` needs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root="$(pwd)"

dir="${AITBC_LOCAL_CLUSTER_DIR:-${TMPDIR:-/tmp}/aitbc-local-cluster}"
config="${AITBC_CONFIGURATION:-Debug}"
log() { echo "[local-cluster] $*" >&2; }
die() { log "error: $*"; exit 1; }

# --- helpers ------------------------------------------------------------------------------------------------------
used_ports=" "
# Ports below the kernel's ephemeral range, so that no outgoing connection can be holding one between the check and
# the bind; a port is free when nothing listens on it and, where python3 is at hand, it can be bound.
ephemeral_low="$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null || return 1
    ! command -v python3 >/dev/null 2>&1 \
        || python3 -c 'import socket, sys; s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.close()' "$1" 2>/dev/null
}
next_port() {
    local p="${next_candidate:-${AITBC_PORT_BASE:-$((10000 + RANDOM % (ephemeral_low - 10200)))}}"
    while ! port_free "$p" || [[ "$used_ports" == *" $p "* ]]; do p=$((p + 1)); done
    used_ports+="$p "
    next_candidate=$((p + 1))
    echo "$p"
}
# next_port runs in a subshell when captured; keep the candidate moving in this shell too.
take_port() { local p; p="$(next_port)"; used_ports+="$p "; next_candidate=$((p + 1)); printf -v "$1" '%s' "$p"; }
random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

as_pg_owner() { # runs a PostgreSQL server binary as a non-root user (initdb and postgres refuse root)
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_bin() {
    local tool="$1" found
    if command -v "$tool" >/dev/null 2>&1; then command -v "$tool"; return; fi
    found="$(find /usr/lib/postgresql -path "*/bin/$tool" 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$found" ] || die "$tool not found: install PostgreSQL, or set AITBC_POSTGRES_ADMIN"
    echo "$found"
}

wait_ready() { # url name log
    for _ in $(seq 1 180); do
        if curl -fs -m 5 "$1/health/ready" >/dev/null 2>&1; then return 0; fi
        sleep 1
    done
    log "$2 did not become ready; last lines of $3:"; tail -n 40 "$3" >&2; return 1
}

stop_pid() {
    local pid="$1"
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
}

pg_start() { # port: the private server, with the options `up` gave it
    local preload="" lib
    # Statement counts (database round trips per job, for benchmarks) where the contrib module is installed.
    lib="$(dirname "$(dirname "$(readlink -f "$(pg_bin postgres)")")")/lib/pg_stat_statements.so"
    [ ! -f "$lib" ] || preload=" -c shared_preload_libraries=pg_stat_statements"
    as_pg_owner "$(pg_bin pg_ctl)" -D "$dir/pgdata" -l "$dir/logs/postgres/postgres.log" -w \
        -o "-p $1 -k $dir/pgsock -c listen_addresses=127.0.0.1$preload" start >/dev/null
}

# --- pg-stop / pg-start: the private server only (a shared one is never stopped) ----------------------------------
private_pg() {
    local PRIVATE_PG=0 PG_PORT=""
    [ -f "$dir/cluster.env" ] || die "no cluster in $dir"
    # shellcheck disable=SC1091
    source "$dir/cluster.env"
    [ "${PRIVATE_PG:-0}" = 1 ] || die "the cluster in $dir uses a shared PostgreSQL: it is not stopped from here"
    case "$1" in
        stop) as_pg_owner "$(pg_bin pg_ctl)" -D "$dir/pgdata" -m fast -w stop >/dev/null ;;
        start) pg_start "$PG_PORT" ;;
    esac
}

# --- down ---------------------------------------------------------------------------------------------------------
# Stops what cluster.env lists and drops its database; "keep-logs" (after a failed `up`) leaves the logs for reading.
down() {
    [ -f "$dir/cluster.env" ] || { log "nothing to stop ($dir/cluster.env not found)"; return 0; }
    local PIDS="" ADMIN_URL="" DATABASE="" SILO_ROLE="" PRIVATE_PG=0
    # shellcheck disable=SC1091
    source "$dir/cluster.env"
    for pid in ${PIDS:-}; do stop_pid "$pid"; done
    if [ -n "${ADMIN_URL:-}" ] && [ -n "${DATABASE:-}" ]; then
        psql -X -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$DATABASE\" WITH (FORCE)" >/dev/null 2>&1 || log "could not drop $DATABASE"
        psql -X -q "$ADMIN_URL" -c "DROP ROLE IF EXISTS \"$SILO_ROLE\"" >/dev/null 2>&1 || true
    fi
    if [ "${PRIVATE_PG:-0}" = 1 ]; then
        as_pg_owner "$(pg_bin pg_ctl)" -D "$dir/pgdata" -m immediate stop >/dev/null 2>&1 || true
    fi
    if [ "$1" = keep-logs ]; then
        find "$dir" -mindepth 1 -maxdepth 1 ! -name logs -exec rm -rf -- {} +
        log "stopped; logs kept in $dir/logs"
    else
        rm -rf -- "$dir"
        log "stopped"
    fi
}

# --- up -----------------------------------------------------------------------------------------------------------
up() {
    for tool in dotnet psql curl od; do
        command -v "$tool" >/dev/null 2>&1 || die "$tool is needed"
    done
    if [ -f "$dir/cluster.env" ]; then
        die "a cluster from $dir is still up: run '$0 down' first"
    fi
    rm -rf -- "$dir"
    mkdir -p "$dir/logs"
    chmod 755 "$dir"
    : > "$dir/cluster.env"
    pids=()
    record() { echo "$1" >> "$dir/cluster.env"; }
    started() { pids+=("$1"); sed -i '/^PIDS=/d' "$dir/cluster.env"; record "PIDS=\"${pids[*]}\""; }
    trap 'log "failed; stopping what was started"; down keep-logs' ERR

    if [ "${AITBC_NO_BUILD:-0}" != 1 ]; then
        log "building ($config)"
        dotnet build "$root/Aitbc.Orleans.sln" -c "$config" -v q -nologo >/dev/null
    fi
    local silo_bin="$root/Silo/bin/$config/net10.0" gateway_bin="$root/Gateway/bin/$config/net10.0"
    if [ ! -f "$silo_bin/Silo.dll" ] || [ ! -f "$gateway_bin/Gateway.dll" ]; then
        die "no build output under */bin/$config: build first or unset AITBC_NO_BUILD"
    fi

    # PostgreSQL: the given admin, or a private server in the state directory.
    local admin pg_port
    if [ -n "${AITBC_POSTGRES_ADMIN:-}" ]; then
        admin="$AITBC_POSTGRES_ADMIN"
        record "PRIVATE_PG=0"
    else
        take_port pg_port
        log "starting a private PostgreSQL on port $pg_port"
        local admin_password
        admin_password="$(random_hex 16)"
        mkdir -p "$dir/pgdata" "$dir/pgsock" "$dir/logs/postgres"
        echo "$admin_password" > "$dir/pgdata.pw"
        [ "$(id -u)" -ne 0 ] || chown postgres "$dir/pgdata" "$dir/pgsock" "$dir/logs/postgres" "$dir/pgdata.pw"
        as_pg_owner "$(pg_bin initdb)" -D "$dir/pgdata" -U aitbc --auth=scram-sha-256 --pwfile="$dir/pgdata.pw" -E UTF8 \
            >"$dir/logs/initdb.log" 2>&1
        rm -f "$dir/pgdata.pw"
        record "PRIVATE_PG=1"
        record "PG_PORT=$pg_port"
        pg_start "$pg_port"
        admin="postgresql://aitbc:$admin_password@127.0.0.1:$pg_port/postgres"
    fi
    record "ADMIN_URL=\"$admin\""

    local suffix database silo_role silo_password db_host db_port url
    suffix="$(random_hex 4)"
    database="aitbc_local_$suffix"
    silo_role="aitbc_silo_$suffix"
    silo_password="$(random_hex 16)"
    record "DATABASE=$database"
    record "SILO_ROLE=$silo_role"
    psql -X -q "$admin" -c "CREATE DATABASE \"$database\"" >/dev/null
    url="$(python3 -c 'import sys, urllib.parse as u; p = u.urlparse(sys.argv[1]); print(u.urlunparse(p._replace(path="/" + sys.argv[2])))' "$admin" "$database" 2>/dev/null \
        || echo "${admin%/*}/$database")"
    "$root/deploy/sql/apply.sh" "$url" >/dev/null
    "$root/deploy/sql/create-silo-role.sh" "$url" "$silo_role" "$silo_password" >/dev/null
    db_host="$(psql -X -At "$url" -c "SELECT coalesce(host(inet_server_addr()), '127.0.0.1')")"
    db_port="$(psql -X -At "$url" -c "SHOW port")"
    local silo_cs="Host=$db_host;Port=$db_port;Username=$silo_role;Password=$silo_password;Database=$database"

    log "creating the development CA and certificates"
    local creds="$dir/credentials"
    (cd "$silo_bin" && dotnet Silo.dll create-credentials "$creds") >"$dir/logs/credentials.log" 2>&1

    # The cluster id stays the default ("aitbc"), so miners need no extra setting; the database and ports keep
    # this cluster apart from any other.
    local trust_common
    trust_common=(--Aitbc:Mode=Production "--Aitbc:Trust:CaCertificate=$creds/ca.pem")
    local silo_extra gateway_extra
    read -r -a silo_extra <<<"${AITBC_SILO_ARGS:-}"
    read -r -a gateway_extra <<<"${AITBC_GATEWAY_ARGS:-}"
    local silo_pids=()
    local gateways="" silo_urls=""
    for i in 1 2; do
        local sp gp hp rp
        take_port sp; take_port gp; take_port hp; take_port rp
        (cd "$silo_bin" && exec dotnet Silo.dll "${trust_common[@]}" "--Aitbc:Postgres=$silo_cs" \
            "--Orleans:SiloPort=$sp" "--Orleans:GatewayPort=$gp" --Orleans:AdvertisedIP=127.0.0.1 \
            "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:$hp" "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:$rp" \
            "--Aitbc:Trust:Certificate=$creds/silo.pem" "--Aitbc:Trust:CertificateKey=$creds/silo.key" \
            "--Aitbc:Trust:CaKey=$creds/ca.key" "--Aitbc:Trust:TokenKeyFile=$creds/token.key" "${silo_extra[@]}" \
            >"$dir/logs/silo$i.log" 2>&1) &
        started $!
        silo_pids+=("$!")
        gateways+="${gateways:+,}127.0.0.1:$gp"
        silo_urls+="${silo_urls:+,}http://127.0.0.1:$hp"
    done
    log "waiting for the silos"
    local n=1
    for silo_url in ${silo_urls//,/ }; do wait_ready "$silo_url" "silo $n" "$dir/logs/silo$n.log"; n=$((n + 1)); done

    local http grpc gateway_config
    take_port http; take_port grpc
    gateway_config=("${trust_common[@]}" "--Aitbc:SiloGateways=$gateways" "--Aitbc:Trust:Certificate=$creds/gateway.pem" "--Aitbc:Trust:CertificateKey=$creds/gateway.key")
    (cd "$gateway_bin" && exec dotnet Gateway.dll "${gateway_config[@]}" \
        "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:$http" "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:$grpc" "${gateway_extra[@]}" \
        >"$dir/logs/gateway.log" 2>&1) &
    started $!
    record "GATEWAY_PID=$!"
    record "SILO_PIDS=\"${silo_pids[*]}\""
    wait_ready "http://127.0.0.1:$http" gateway "$dir/logs/gateway.log"

    log "creating the first operator key (signed in with the operator certificate)"
    local key
    key="$(cd "$gateway_bin" && dotnet Gateway.dll create-key --account ops --roles operator,submitter --label local-cluster \
        "${trust_common[@]}" "--Aitbc:SiloGateways=$gateways" "--Aitbc:Trust:Certificate=$creds/operator.pem" \
        "--Aitbc:Trust:CertificateKey=$creds/operator.key" 2>"$dir/logs/create-key.log" | awk '/^key:/ { print $2 }')"
    [ -n "$key" ] || { tail -n 20 "$dir/logs/create-key.log" >&2; die "could not create the operator key"; }

    trap - ERR
    {
        echo "GATEWAY_URL=http://127.0.0.1:$http"
        echo "OPERATOR_KEY=$key"
        echo "SILO_GATEWAYS=$gateways"
        echo "CA_CERT=$creds/ca.pem"
    } | tee -a "$dir/cluster.env"
    record "SILO_URLS=$silo_urls"
    record "OPERATOR_CERT=$creds/operator.pem"
    record "OPERATOR_CERT_KEY=$creds/operator.key"
    record "LOGS=$dir/logs"
}

case "${1:-}" in
    up) up ;;
    down) down all ;;
    pg-stop) private_pg stop ;;
    pg-start) private_pg start ;;
    *) echo "usage: $0 up|down|pg-stop|pg-start" >&2; exit 2 ;;
esac
