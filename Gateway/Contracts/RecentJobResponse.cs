using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// One recent job ending on a GPU: its execution time on the GPU (as the miner reports it, after the model was loaded),
/// its price, and the GPU's reported power when it ended. EnergyJoules is that power times the execution time: the
/// GPU's whole draw, so jobs running side by side each count it (an upper bound), and a rig's claim, not a meter.
/// PowerModelled: the GPU is simulated, so its power is the simulator's model (profile TDP × utilisation), not a reading.
/// </summary>
public sealed record RecentJobResponse(
    string JobId, string GpuId, string MinerId, PoolKind Pool, DateTimeOffset At, JobOutcomeKind Outcome, double LatencyMs, decimal Price,
    double? PowerWatts, double? EnergyJoules, bool PowerModelled = false)
{
    public static RecentJobResponse From(GpuSnapshot gpu, GpuJobRecord job)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(job);
        return new RecentJobResponse(
            job.JobId, gpu.GpuId, gpu.MinerId, gpu.Pool, job.At, job.Kind, job.LatencyMs, job.Price, job.PowerWatts,
            job.PowerWatts is { } watts ? watts * job.LatencyMs / 1000.0 : null, gpu.Simulated);
    }
}
