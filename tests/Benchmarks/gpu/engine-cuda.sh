#!/usr/bin/env bash
# Device check for issue 18 (the GPU path at bare ONNX Runtime speed). Prints, as Markdown for docs/BENCHMARKS.md:
#   - the GPU, driver and CUDA version;
#   - bare ONNX Runtime with IOBinding against the engine (lease and job paths) for the demo model, a 2x512 and an
#     8x4096 MLP at batch 1, 64, 256 and 1024, fp32 (TF32) and fp16, with throughput at 1 and 2 runs in flight
#     (acceptance: engine >= 90 % of bare at batch >= 256);
#   - bare with device-resident I/O in TFLOP/s against the measured matmul ceiling (acceptance: fp16 8x4096 at
#     batch 1024 >= 40 % of the ceiling);
#   - the same comparison with CUDA graphs on (bare stays without them, so the ratio is the graphs' gain or loss);
#   - the CPU-or-GPU placement table from the new engine's measured times, per variant (fp32, fp16).
#
# On a CUDA machine without the .NET SDK, through the self-contained bundle (/work/shared/gpu-bundle/README.md):
#   1. here:   echo /.gpu-bundle/ >>.git/info/exclude
#              bash /work/shared/gpu-bundle/make-bundle.sh MinerClient/MinerClient.csproj .gpu-bundle   (p0/ .. pN/, ~56 MB each)
#   2. device: one part per call while the machine stays warm (the working tree is ~2 MB, a call carries 64 MiB):
#              run(carry=[".gpu-bundle/p0"], command="true"), ... the same for p1 .. pN-1 (parts already there stay);
#   3. device, the measuring call (about 8 minutes; give it timeout_s 600):
#              run(carry=[".gpu-bundle/pN"], command="mkdir -p /tmp/parts && cp .gpu-bundle/p*/part.* /tmp/parts/ &&
#                  bash .gpu-bundle/pN/run-bundle.sh /tmp/parts -- bash $PWD/tests/Benchmarks/gpu/engine-cuda.sh")
#      run-bundle.sh puts CUDA 13 and cuDNN 9 on LD_LIBRARY_PATH and runs the script in the unpacked app folder, where
#      ./MinerClient is; the report lands in $OUT/engine-cuda.md.
# Anywhere else the script runs the Release build of this checkout (dotnet build -c Release MinerClient first), or
# $MINER when set. QUICK=1 runs a few seconds' worth of small models (to check the script on a CPU-only machine,
# where CUDA falls back to the CPU and says so). Each step has a time limit, so one that hangs does not cost the rest.
#
# Output: $OUT/engine-cuda.md (or ./engine-cuda.md without $OUT) and the same on stdout. Exit code 1 when a step
# failed or timed out, 0 otherwise (SECONDS_EACH sets the time budget per model and batch, default 3); whether the acceptance figures are met is printed ("Target: ... met/missed").
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
out="${OUT:-$PWD}"
mkdir -p "$out"
report="$out/engine-cuda.md"
if [ -n "${MINER:-}" ]; then
    read -r -a miner <<<"$MINER"
elif [ -f ./MinerClient ] && [ -x ./MinerClient ]; then
    miner=(./MinerClient)
else
    miner=(dotnet "$repo/MinerClient/bin/Release/net10.0/MinerClient.dll")
fi

status=0
: >"$report"
say() { echo "$*" | tee -a "$report"; }
step() {
    local limit=$1 title=$2
    shift 2
    say ""
    say "### $title"
    say ""
    say "\`MinerClient $*\`"
    say ""
    # Progress lines go to stderr; the Markdown the command prints goes to the report.
    timeout --kill-after=10 "$limit" "${miner[@]}" "$@" 2>&1 | tee -a "$report.log" | grep -v '^[0-9][0-9]:[0-9][0-9]:[0-9][0-9] \(info\|warn\|fail\)' | tee -a "$report"
    local rc=${PIPESTATUS[0]}
    if [ "$rc" -ne 0 ]; then
        say "(step failed or timed out: exit code $rc)"
        status=1
    fi
}

say "## Engine against bare ONNX Runtime on a GPU (issue 18)"
say ""
if command -v nvidia-smi >/dev/null 2>&1; then
    say "- GPU: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -n 1)"
    say "- CUDA (driver): $(nvidia-smi | grep -o 'CUDA Version: [0-9.]*' | head -n 1)"
else
    say "- GPU: none found (nvidia-smi missing): CUDA falls back to the CPU below"
fi
say "- Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
say "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"

if [ "${QUICK:-0}" = 1 ]; then
    models=(--model mlp-2x512); batches=(--batch 1 64 256); budget=(--seconds 1 --iterations 50); ceiling=(--ceiling --ceiling-size 512)
    placement_big=(--model mlp-2x512 --batch 1 64 --iterations 3)
else
    models=(--model all); batches=(--batch 1 64 256 1024); budget=(--seconds "${SECONDS_EACH:-3}" --iterations 300); ceiling=(--ceiling)
    placement_big=(--model mlp-8x4096 --batch 1 64 512 --iterations 5)
fi

step 60 "Devices" detect
step 240 "fp32 (TF32), pinned host I/O" benchmark --compare-bare --device CUDA "${models[@]}" "${batches[@]}" "${budget[@]}" "${ceiling[@]}"
step 240 "fp16, pinned host I/O; ceiling in fp16" benchmark --compare-bare --device CUDA --precision fp16 "${models[@]}" "${batches[@]}" "${budget[@]}" "${ceiling[@]}"
step 120 "CUDA graphs on (bare without them: the ratio is the graphs' gain)" benchmark --compare-bare --device CUDA --cuda-graphs --model mlp-2x512 "${batches[@]}" "${budget[@]}" --concurrency 1
step 120 "CUDA graphs on, demo model" benchmark --compare-bare --device CUDA --cuda-graphs --model demo "${batches[@]}" "${budget[@]}" --concurrency 1
step 120 "Placement, demo model, fp32 and fp16 variants" benchmark --device CUDA --model demo --precision fp32,fp16
step 120 "Placement, 2x512 MLP, fp32 and fp16 variants" benchmark --device CUDA --model mlp-2x512 --precision fp32,fp16
step 180 "Placement, large model (fp32)" benchmark --device CUDA "${placement_big[@]}"

say ""
say "Full log (with progress lines): $report.log"
exit $status
