using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// One recent job ending on a GPU: latency, price, and the GPU's reported power when it ended. EnergyJoules is that
/// power times the latency (an upper bound of the job's energy: the latency includes transfer and queueing).
/// </summary>
public sealed record RecentJobResponse(
    string JobId, string GpuId, string MinerId, PoolKind Pool, DateTimeOffset At, JobOutcomeKind Outcome, double LatencyMs, decimal Price,
    double? PowerWatts, double? EnergyJoules)
{
    public static RecentJobResponse From(GpuSnapshot gpu, GpuJobRecord job)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(job);
        return new RecentJobResponse(
            job.JobId, gpu.GpuId, gpu.MinerId, gpu.Pool, job.At, job.Kind, job.LatencyMs, job.Price, job.PowerWatts,
            job.PowerWatts is { } watts ? watts * job.LatencyMs / 1000.0 : null);
    }
}
