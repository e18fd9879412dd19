#!/usr/bin/env bash
# Device check for issue 14 (live telemetry on a real NVIDIA GPU). Prints, as Markdown for docs/BENCHMARKS.md:
#   - the daemon's readings through NVML and through nvidia-smi, side by side (MinerClient telemetry, 5 polls each);
#   - the CPU cost of one poll by each reader: NVML in-process (this process's CPU per poll, as MinerClient reports
#     it) and nvidia-smi (the tool's own user+system time over 20 runs of the daemon's query, bash's `time`),
#     and the share of one core each costs at the daemon's 5 s interval (acceptance 5: <= 1 %).
# Runs the MinerClient of the self-contained bundle ($MINER, or ./MinerClient in the current folder, as engine-cuda.sh
# explains), or `dotnet run -c Release --project MinerClient` in a checkout with the SDK.
# Output: $OUT/telemetry-gpu.md (or ./telemetry-gpu.md) and stdout. Exit code 1 when a step failed.
set -uo pipefail
out="${OUT:-.}"
report="$out/telemetry-gpu.md"
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
if [[ -n "${MINER:-}" ]]; then miner=("$MINER")
elif [[ -x ./MinerClient ]]; then miner=(./MinerClient)
else miner=(dotnet run -c Release --project "$repo/MinerClient" --)
fi
query="--query-gpu=uuid,temperature.gpu,power.draw,utilization.gpu,memory.used,clocks.sm,clocks.mem"
status=0
{
    echo "## $(date -u '+%Y-%m-%d %H:%M') UTC: miner telemetry on $(nvidia-smi --query-gpu=name --format=csv,noheader | head -n 1)"
    echo
    echo "Driver $(nvidia-smi --query-gpu=driver_version --format=csv,noheader | head -n 1); load average $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo '### Readings through NVML'
    echo '```'
    timeout 120 "${miner[@]}" telemetry --count 5 --interval 1 || status=1
    echo '```'
    echo '### Readings through nvidia-smi'
    echo '```'
    timeout 120 "${miner[@]}" telemetry --count 5 --interval 1 --no-nvml || status=1
    echo '```'
    # nvidia-smi's own cost: user+system time of 20 runs of the daemon's query (bash's time keyword counts the reaped tools).
    TIMEFORMAT='%U %S'
    cost=$( { time (for _ in $(seq 20); do nvidia-smi "$query" --format=csv,noheader,nounits >/dev/null || exit 1; done) ; } 2>&1 ) || status=1
    echo
    awk -v c="$cost" 'BEGIN { split(c, t, " "); per = (t[1] + t[2]) / 20 * 1000;
        printf "nvidia-smi: %.1f ms CPU per poll, %.2f %% of one core at the 5 s interval (target <= 1 %%).\n", per, per / 1000 / 5 * 100 }'
    exit $status # the group is a subshell of the pipeline: its status is the script's
} 2>&1 | tee "$report"
exit "${PIPESTATUS[0]}"
