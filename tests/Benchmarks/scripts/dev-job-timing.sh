#!/usr/bin/env bash
# The job-level inference figure of issue #18: a model sent as jobs to the development system's local miner
# (`dotnet run --project Silo`), reading `timings.inferenceMs` of each completed job.
#
#   tests/Benchmarks/scripts/dev-job-timing.sh MODEL.onnx BATCH [JOBS]
#
# Starts the Release build of the Silo (build it first: dotnet build -c Release Silo; SILO_DIR=folder of Silo.dll picks
# another build, e.g. an older commit's for a before/after figure) on free loopback ports with
# a private temp directory, uploads MODEL (one float32 input [batch, N], N read from the upload's signature),
# sends one warm-up job and then JOBS jobs (default 5) one at a time, prints each job's timings and the medians,
# and stops the silo. Nothing else on the machine is touched.
set -euo pipefail
model=${1:?model file}; batch=${2:?batch size}; jobs=${3:-5}
root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d /tmp/aitbc-jobtiming-XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
http=$(free_port); grpc=$(free_port); silo=$(free_port); gw=$(free_port)
(cd "${SILO_DIR:-$root/Silo/bin/Release/net10.0}" && exec env TMPDIR="$work" dotnet Silo.dll \
  --Kestrel:Endpoints:Http:Url=http://127.0.0.1:$http --Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:$grpc \
  --Orleans:SiloPort=$silo --Orleans:GatewayPort=$gw --Logging:LogLevel:Default=Warning) >"$work/silo.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
base=http://127.0.0.1:$http
for _ in $(seq 120); do
  [ "$(curl -s "$base/health/ready" || true)" = healthy ] && break
  kill -0 $pid 2>/dev/null || { cat "$work/silo.log" >&2; exit 1; }
  sleep 1
done
upload=$(curl -sf -X POST "$base/v1/models?name=jobtiming&license=MIT&published=true" -H 'X-Api-Key: dev-key' \
  -H 'Content-Type: application/octet-stream' --data-binary @"$model")
model_id=$(jq -r .modelId <<<"$upload"); input=$(jq -r '.inputs[0].name' <<<"$upload"); width=$(jq -r '.inputs[0].shape[1]' <<<"$upload")
python3 - "$batch" "$width" "$input" "$model_id" >"$work/body.json" <<'PY'
import json, random, sys
batch, width, name, model = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
random.seed(7)
data = [round(random.uniform(-1, 1), 4) for _ in range(batch * width)]
print(json.dumps({"modelId": model, "latencyClass": "standard", "client": {"lat": 50.11, "lon": 8.68}, "maxPrice": 0.01,
                  "inputs": {name: {"type": "float32", "shape": [batch, width], "data": data}}}))
PY
echo "model $model_id ($(stat -c %s "$model") bytes), input $input [$batch,$width], load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 0 "$jobs"); do
  out=$(curl -s -X POST "$base/v1/jobs?wait=60" -H 'X-Api-Key: dev-key' -H 'Content-Type: application/json' --data-binary @"$work/body.json")
  status=$(jq -r .status <<<"$out")
  [ "$status" = completed ] || { echo "job $i: $status: $(head -c 300 <<<"$out")" >&2; exit 1; }
  t=$(jq -c '.timings' <<<"$out")
  if [ "$i" -eq 0 ]; then echo "warm-up: $t"; else echo "job $i: $t"; echo "$t" >>"$work/timings"; fi
done
jq -s '{inferenceMs: (map(.inferenceMs) | sort | .[length/2|floor]), modelLoadMs: (map(.modelLoadMs) | sort | .[length/2|floor]), totalMs: (map(.totalMs) | sort | .[length/2|floor])}' "$work/timings" \
  | jq -r '"median of \('"$jobs"') warm jobs: inferenceMs \(.inferenceMs), modelLoadMs \(.modelLoadMs), totalMs \(.totalMs)"'
