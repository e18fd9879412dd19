#!/bin/sh
# A simulated miner joining a production cluster as a real rig does (README, "A production cluster on this machine"):
# with an operator key (AITBC_OPERATOR_KEY_FILE) it makes its owner's key and funds the owner's stake, then enrols
# (key and certificate in the state directory, kept across restarts), stakes and serves jobs on AITBC_SIMULATE
# virtual GPUs. Simulated GPUs are not GPUs: the silos must allow them (Aitbc__Fleet__AllowSimulatedGpus=true).
set -eu
gateway="${AITBC_GATEWAY_URL:?set AITBC_GATEWAY_URL}"
owner="${AITBC_OWNER_ACCOUNT:-compose-owner}"
state="${AITBC_MINER_StateDirectory:-/var/lib/aitbc-miner}"

echo "miner: waiting for $gateway/health/ready" >&2
until curl -sf "$gateway/health/ready" >/dev/null; do sleep 2; done

if [ ! -f "$state/owner.key" ]; then
    key_file="${AITBC_OPERATOR_KEY_FILE:?set AITBC_OPERATOR_KEY_FILE (an operator key) for the first start}"
    until [ -s "$key_file" ]; do echo "miner: waiting for $key_file" >&2; sleep 2; done
    operator="$(cat "$key_file")"
    curl -sf -X POST "$gateway/v1/keys" -H "X-Api-Key: $operator" -H 'Content-Type: application/json' \
        -d "{\"accountId\":\"$owner\",\"roles\":[\"submitter\"]}" | sed -n 's/.*"key":"\([^"]*\)".*/\1/p' > "$state/owner.key.tmp"
    [ -s "$state/owner.key.tmp" ] || { echo "miner: could not create the owner's key" >&2; exit 1; }
    curl -sf -X POST "$gateway/v1/accounts/$owner/credit" -H "X-Api-Key: $operator" -H 'Content-Type: application/json' \
        -d "{\"amount\":${AITBC_OWNER_FUNDS:-1000},\"operationId\":\"compose-owner-funds\"}" >/dev/null
    mv "$state/owner.key.tmp" "$state/owner.key"
fi

AITBC_API_KEY="$(cat "$state/owner.key")"
export AITBC_API_KEY
if [ ! -f "$state/certificate.pem" ]; then
    dotnet /app/MinerClient.dll enroll --gateway "$gateway"
    dotnet /app/MinerClient.dll stake --gateway "$gateway" --amount "${AITBC_STAKE:-100}"
fi

exec dotnet /app/MinerClient.dll run --coordinator "$gateway" --simulate "${AITBC_SIMULATE:-4}" "$@"
