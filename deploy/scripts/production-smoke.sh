#!/usr/bin/env bash
# Production mode by hand, scripted: PostgreSQL, two silo processes and one gateway process form one cluster (TLS with
# a fresh development CA; the gateway finds the silos from a static list and never sees the database); one silo is
# killed with kill -9 and the cluster goes on serving; every silo is restarted (on the same ports, so the gateway's
# list stays right) and persisted grain state is still there. For a cluster to try things on, use local-cluster.sh.
# Needs a running PostgreSQL and a role that may create databases (the one .ci/run creates):
#   AITBC_POSTGRES_ADMIN="postgresql://aitbc:aitbc@127.0.0.1:5432/aitbc" deploy/scripts/production-smoke.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
admin=${AITBC_POSTGRES_ADMIN:-postgresql://aitbc:aitbc@127.0.0.1:5432/aitbc}
db="aitbc_smoke_$$"
psql -X -q "$admin" -c "CREATE DATABASE $db" >/dev/null
url="${admin%/*}/$db"
cs="Host=127.0.0.1;Port=5432;Username=aitbc;Password=aitbc;Database=$db"
deploy/sql/apply.sh "$url" >/dev/null
dotnet build Aitbc.Orleans.sln -v q -nologo >/dev/null
logs=$(mktemp -d)
creds="$logs/credentials"
(cd Silo/bin/Debug/net10.0 && dotnet Silo.dll create-credentials "$creds" >/dev/null)
trust=(--Aitbc:Mode=Production "--Aitbc:Trust:CaCertificate=$creds/ca.pem")
gateways=127.0.0.1:31111,127.0.0.1:31112
pids=()
cleanup() { kill -9 "${pids[@]}" 2>/dev/null || true; psql -X -q "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null || true; }
trap cleanup EXIT

silo() { # index silo-port gateway-port http-port
  (cd Silo/bin/Debug/net10.0 && exec dotnet Silo.dll "${trust[@]}" --Aitbc:Postgres="$cs" \
     "--Aitbc:Trust:Certificate=$creds/silo.pem" "--Aitbc:Trust:CertificateKey=$creds/silo.key" \
     "--Aitbc:Trust:CaKey=$creds/ca.key" "--Aitbc:Trust:TokenKeyFile=$creds/token.key" \
     --Orleans:SiloPort="$2" --Orleans:GatewayPort="$3" --Kestrel:Endpoints:Http:Url="http://127.0.0.1:$4" \
     --Kestrel:Endpoints:Grpc:Url="http://127.0.0.1:$(( $4 + 1 ))" >"$logs/silo$1.log" 2>&1) &
  pids+=($!); eval "silo$1=$!"
}
ready() { for _ in $(seq 1 120); do curl -fs "$1/health/ready" >/dev/null 2>&1 && return 0; sleep 1; done; echo "not ready: $1"; tail -20 "$logs"/silo*.log; return 1; }
members() { psql -X -At "$url" -c "SELECT port || ':' || status FROM aitbc_cluster_member ORDER BY port, generation"; }

echo "== start two silos and a gateway (production mode, PostgreSQL $db)"
silo 1 21111 31111 19001; silo 2 21112 31112 19003
ready http://127.0.0.1:19001; ready http://127.0.0.1:19003
(cd Gateway/bin/Debug/net10.0 && exec dotnet Gateway.dll "${trust[@]}" "--Aitbc:SiloGateways=$gateways" \
   "--Aitbc:Trust:Certificate=$creds/gateway.pem" "--Aitbc:Trust:CertificateKey=$creds/gateway.key" --Kestrel:Endpoints:Http:Url=http://127.0.0.1:19100 \
   --Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:19101 >"$logs/gateway.log" 2>&1) & pids+=($!)
ready http://127.0.0.1:19100
echo "membership (port:status, 3 = Active):"; members
key=$(cd Gateway/bin/Debug/net10.0 && dotnet Gateway.dll create-key "${trust[@]}" "--Aitbc:SiloGateways=$gateways" \
  "--Aitbc:Trust:Certificate=$creds/operator.pem" "--Aitbc:Trust:CertificateKey=$creds/operator.key" \
  --account ops --roles operator,submitter 2>/dev/null | awk '/^key:/{print $2}')
[ -n "$key" ] || { echo "could not create an operator key"; exit 1; }
credit() { # retried: a call to a grain that lived on a killed silo fails until membership declares the silo dead
  local start=$SECONDS
  for _ in $(seq 1 120); do
    if out=$(curl -fs -m 10 -X POST "http://127.0.0.1:19100/v1/accounts/smoke/credit" -H "X-Api-Key: $key" \
        -H 'Content-Type: application/json' -d "{\"amount\":$1,\"operationId\":\"$2\"}"); then
      echo "$out (after $((SECONDS - start)) s)"; return 0
    fi
    sleep 1
  done
  echo "credit $2 never succeeded"; return 1
}
balance() { curl -fs -m 10 "http://127.0.0.1:19100/v1/accounts/smoke" -H "X-Api-Key: $key"; }
echo "== write state through the gateway (ledger account 'smoke')"; credit 42 op-1

echo "== kill -9 silo 1"; kill -9 "$silo1"; sleep 2
echo "gateway still serving (same operation id again is a no-op, a new one adds):"; credit 42 op-1; credit 8 op-2
sleep 45; echo "membership after the failure is detected:"; members

echo "== stop every silo (the survivor gracefully), start two new ones on the same ports"
kill -TERM "$silo2"; for _ in $(seq 1 60); do kill -0 "$silo2" 2>/dev/null || break; sleep 1; done
silo 3 21111 31111 19005; silo 4 21112 31112 19007
ready http://127.0.0.1:19005; ready http://127.0.0.1:19007
start=$SECONDS
for _ in $(seq 1 150); do out=$(balance 2>/dev/null) && break; sleep 1; done
echo "the gateway reached the new silos after $((SECONDS - start)) s"
echo "state after restarting every silo: $out"
echo "$out" | grep -q '"balance":50' && echo "PASS: balance 50 survived" || { echo "FAIL"; exit 1; }
