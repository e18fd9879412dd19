#!/usr/bin/env bash
# Issue 16's energy and cloud-latency metrics on the development system, with simulated rigs (docs/BENCHMARKS.md,
# "Owner and operator metrics"). Every GPU here is simulated: the edge rigs' and the cloud GPU's jobs run the demo
# MLP with ONNX Runtime on this machine's CPU, and their power is the simulator's model (profile TDP × simulated
# utilisation), not a GPU's reading. What this shows is the path a real rig's figure takes, not a GPU's figure.
#
#   tests/Benchmarks/scripts/dev-fleet-metrics.sh [EDGE_GPUS] [JOBS]
#
# Build first: dotnet build -c Release Silo && dotnet build -c Release MinerClient. Starts the Release Silo without its
# local miner and without hardware challenges (a challenge is a platform job that would count among the GPUs' recent
# jobs) on free loopback ports with a private temp directory, then:
#   1. a simulated edge fleet (MinerClient run --simulate EDGE_GPUS, default 8, enrolled by the development key);
#   2. a simulated cloud GPU put in the cloud pool through the operator API (POST /v1/ops/cloud-pool, dev-key), its
#      daemon run with the credential that call returns (MinerClient run --simulate 1);
#   3. JOBS (default 200) jobs of the demo model, one at a time, from Frankfurt: served at the edge (edge first);
#      GET /v1/ops/fleet and GET /v1/owners/me then give the metrics over the edge jobs;
#   4. the edge daemon stopped (SIGTERM: it drains and deregisters), then JOBS more jobs, which fall back to the cloud GPU;
#      GET /v1/ops/fleet then gives the cloud-pool baseline.
# Prints one JSON object per phase and a summary; stops everything it started. Nothing else on the machine is touched.
set -euo pipefail
edge_gpus=${1:-8}; jobs=${2:-200}
root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d /tmp/aitbc-fleetmetrics-XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
http=$(free_port); grpc=$(free_port); silo=$(free_port); gw=$(free_port)
base=http://127.0.0.1:$http
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
echo "load before $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; edge GPUs $edge_gpus, $jobs jobs per phase" >&2

(cd "$root/Silo/bin/Release/net10.0" && exec env TMPDIR="$work" dotnet Silo.dll \
  --Kestrel:Endpoints:Http:Url=$base --Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:$grpc \
  --Orleans:SiloPort=$silo --Orleans:GatewayPort=$gw --Aitbc:LocalMiner:Enabled=false --Aitbc:Verification:ChallengeEnabled=false \
  --Logging:LogLevel:Default=Warning) >"$work/silo.log" 2>&1 &
pids+=($!)
for _ in $(seq 180); do
  [ "$(curl -s "$base/health/ready" || true)" = healthy ] && break
  kill -0 "${pids[0]}" 2>/dev/null || { cat "$work/silo.log" >&2; exit 1; }
  sleep 1
done

# miner STATE_DIR SEED ARGS...: becomes a MinerClient against this silo, with its own state directory (run it in the
# background or in a subshell: it execs, so the pid the script holds is the daemon's own and SIGTERM reaches it).
miner() {
  local state=$1 seed=$2; shift 2
  cd "$root/MinerClient/bin/Release/net10.0"
  exec env AITBC_API_KEY=dev-key AITBC_MINER_StateDirectory="$state" \
    AITBC_MINER_Orleans__GatewayPort=$gw AITBC_MINER_GatewayUrl=$base AITBC_MINER_SimulationSeed="$seed" \
    AITBC_MINER_HeartbeatIntervalSeconds=5 AITBC_MINER_Attest=false dotnet MinerClient.dll "$@"
}

# 1. The edge fleet.
miner "$work/edge" 42 run --simulate "$edge_gpus" --city Frankfurt >"$work/edge.log" 2>&1 &
edge_pid=$!; pids+=($edge_pid)

# 2. The cloud GPU: its key is made and enrolled once (as any rig's), then the operator puts it in the cloud pool, which
#    admits the miner to Pool = Cloud and hands out the credential its daemon then runs with.
(miner "$work/cloud" 7 enroll --gateway "$base") >"$work/cloud-enroll.log" 2>&1
cloud_id=$(jq -r .minerId "$work/cloud/enrollment.json"); cloud_key=$(jq -r .publicKey "$work/cloud/enrollment.json")
jq -n --arg id "$cloud_id" --arg key "$cloud_key" '{minerId: $id, publicKey: $key, provider: "simulated (not a cloud GPU)",
  instanceType: "sim-cloud", gpuName: "simulated", gpuCount: 1, location: {lat: 50.11, lon: 8.68}, pricePerHourUsd: 1.006}' >"$work/offer.json"
curl -sf -X POST "$base/v1/ops/cloud-pool" -H 'X-Api-Key: dev-key' -H 'Content-Type: application/json' --data-binary @"$work/offer.json" >"$work/offer-answer.json"
jq .enrollment "$work/offer-answer.json" >"$work/cloud/enrollment.json"
miner "$work/cloud" 7 run --simulate 1 --city Frankfurt >"$work/cloud.log" 2>&1 &
pids+=($!)

python3 - "$base" "$jobs" "$edge_pid" "$cloud_id" <<'PY'
import json, os, signal, statistics, sys, time, urllib.request

base, jobs, edge_pid, cloud_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
MODEL = "m-e6958bc6a0603915"  # the demo MLP the development silo registers (16 inputs -> 4 outputs)

def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"X-Api-Key": "dev-key", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        return json.loads(error.read() or b"{}") | {"httpStatus": error.code}

def wait_for(what, check, seconds=240):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if check():
            return
        time.sleep(1)
    sys.exit(f"timed out waiting for {what}")

def routable(pool):
    fleet = call("GET", "/v1/ops/fleet")
    return [g for g in fleet.get("gpus", []) if g["pool"] == pool and g["state"] == "available"]

def run_jobs(label):
    rows = []
    for i in range(jobs):
        body = {"modelId": MODEL, "latencyClass": "standard", "client": {"lat": 50.11, "lon": 8.68}, "maxPrice": 0.01,
                "inputs": {"input": {"type": "float32", "shape": [1, 16], "data": [float((i + k) % 16) for k in range(16)]}}}
        start = time.perf_counter()
        job = call("POST", "/v1/jobs?wait=30", body)
        elapsed = (time.perf_counter() - start) * 1000
        if job.get("status") != "completed":
            sys.exit(f"{label} job {i}: {json.dumps(job)[:400]}")
        rows.append((elapsed, job["pool"], job["fellBackToCloud"], job["gpuId"], job["timings"].get("inferenceMs")))
    pools = sorted({r[1] for r in rows})
    fell = sum(1 for r in rows if r[2])
    client = sorted(r[0] for r in rows)
    inference = [r[4] for r in rows if r[4] is not None]
    return {"phase": label, "jobs": len(rows), "pools": pools, "fellBackToCloud": fell, "gpus": len({r[3] for r in rows}),
            "clientMedianMs": round(statistics.median(client), 2), "clientP90Ms": round(client[int(0.9 * len(client))], 2),
            "inferenceMedianMs": round(statistics.median(inference), 3) if inference else None}

def metrics(path):
    return {k: v for k, v in call("GET", path)["metrics"].items() if k not in ("cloudReference", "cloudCosts")}

wait_for("the simulated edge GPUs", lambda: len(routable("edge")) > 0)
wait_for("the simulated cloud GPU", lambda: len(routable("cloud")) > 0)
time.sleep(6)  # one more heartbeat each, so every GPU carries a (modelled) power reading
edge = run_jobs("edge")
edge["opsMetrics"] = metrics("/v1/ops/fleet")
edge["ownerMetrics"] = metrics("/v1/owners/me")
print(json.dumps(edge))

os.kill(edge_pid, signal.SIGTERM)
wait_for("the edge GPUs to leave routing", lambda: len(routable("edge")) == 0, seconds=300)
cloud = run_jobs("cloud fallback")
cloud["opsMetrics"] = metrics("/v1/ops/fleet")
print(json.dumps(cloud))

ratio = lambda a, b: round(a / b, 3) if a and b else None
print(json.dumps({"summary": {
    "energyPerInferenceJoules(reported, real rigs)": edge["opsMetrics"]["energyPerInferenceJoules"],
    "modelledEnergyPerInferenceJoules(simulated edge GPUs)": edge["opsMetrics"]["modelledEnergyPerInferenceJoules"],
    "modelledEnergyJobs": edge["opsMetrics"]["modelledEnergyJobs"],
    "edgeMedianExecutionMs": edge["opsMetrics"]["medianLatencyMs"],
    "cloudBaselineMedianExecutionMs": cloud["opsMetrics"]["cloudMedianLatencyMs"],
    "cloudJobsMeasured": cloud["opsMetrics"]["cloudJobsMeasured"],
    "cloudBaselineSimulated": cloud["opsMetrics"]["cloudBaselineSimulated"],
    "edgeExecution/cloudExecution": ratio(edge["opsMetrics"]["medianLatencyMs"], cloud["opsMetrics"]["cloudMedianLatencyMs"]),
    "edgeClientMedianMs": edge["clientMedianMs"], "cloudClientMedianMs": cloud["clientMedianMs"],
    "edgeClient/cloudClient": ratio(edge["clientMedianMs"], cloud["clientMedianMs"]),
}}))
PY
echo "load after $(cut -d' ' -f1-3 /proc/loadavg)" >&2
