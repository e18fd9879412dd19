using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Gateway.Contracts;

namespace Aitbc.Orleans.Gateway.Dashboards;

/// <summary>
/// The plan's four metrics from what the cluster reads back (method in docs/BENCHMARKS.md, "Owner and operator metrics"):
/// <list type="bullet">
/// <item>cost per 1,000 inferences: the mean price charged for the measured jobs (credits at <see cref="DashboardOptions.UsdPerCredit"/>)
/// against the reference cloud GPU doing the same work, whose cost per inference is its hourly price × the jobs' median
/// service time ÷ its utilisation;</item>
/// <item>uptime: GPU-hours online (each GPU's QoS uptime, heartbeats received ÷ expected, × hours observed) ÷ GPU-hours
/// observed (since registration, within the QoS window of 24 h);</item>
/// <item>energy per inference: mean of reported power × execution time over the jobs whose power is known, kept apart
/// for real rigs (the vendor library's reading, a rig's claim) and simulated GPUs (a model of the profile's TDP and a
/// simulated utilisation: not a GPU's figure);</item>
/// <item>the median execution time of the measured jobs against the median of the cloud pool's jobs.</item>
/// </list>
/// </summary>
public static class FleetMetrics
{
    private const double WindowHours = 24;

    public static FleetMetricsResponse Compute(
        IReadOnlyList<(GpuSnapshot Gpu, DateTimeOffset? RegisteredAt)> gpus,
        IReadOnlyList<(GpuSnapshot Gpu, GpuJobRecord Job)> jobs,
        IReadOnlyList<(GpuSnapshot Gpu, GpuJobRecord Job)> cloudJobs,
        DateTimeOffset now,
        DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(gpus);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(cloudJobs);
        ArgumentNullException.ThrowIfNull(options);

        double observed = 0, online = 0;
        foreach (var (gpu, registeredAt) in gpus)
        {
            var hours = registeredAt is { } since ? Math.Clamp((now - since).TotalHours, 0, WindowHours) : WindowHours;
            observed += hours;
            online += gpu.Qos.Uptime * hours;
        }

        var succeededOn = jobs.Where(j => j.Job.Kind == JobOutcomeKind.Success).ToArray();
        var succeeded = succeededOn.Select(j => j.Job).ToArray();
        var cloudSucceeded = cloudJobs.Where(j => j.Job.Kind == JobOutcomeKind.Success).ToArray();
        var serviceMs = Median(succeeded.Select(j => j.LatencyMs));
        var usdPerCredit = (decimal)options.UsdPerCredit;
        decimal? fleetPer1k = succeeded.Length == 0 ? null : Math.Round(succeeded.Average(j => j.Price) * 1000m * usdPerCredit, 6);
        var reference = CloudPriceTable.Reference;
        var cloudCosts = serviceMs is not { } ms
            ? []
            : CloudPriceTable.Utilisations.Select(u =>
            {
                var cloud = Math.Round(1000m * (decimal)(ms / 3_600_000.0) * reference.PricePerHourUsd / (decimal)(u / 100.0), 6);
                double? ratio = fleetPer1k is { } fleet && cloud > 0 ? Math.Round((double)(fleet / cloud), 4) : null;
                return new CloudCostComparison(u, cloud, ratio);
            }).ToArray();

        var reported = Energies(succeededOn.Where(j => !j.Gpu.Simulated));
        var modelled = Energies(succeededOn.Where(j => j.Gpu.Simulated));
        return new FleetMetricsResponse(
            gpus.Count,
            gpus.Count(g => g.Gpu.Online),
            succeeded.Length,
            fleetPer1k,
            serviceMs,
            reference,
            cloudCosts,
            Math.Round(observed, 4),
            Math.Round(online, 4),
            observed > 0 ? Math.Round(100 * online / observed, 2) : null,
            MeanOrNull(reported),
            serviceMs,
            Median(cloudSucceeded.Select(j => j.Job.LatencyMs)),
            cloudSucceeded.Length,
            options.UsdPerCredit,
            reported.Length,
            MeanOrNull(modelled),
            modelled.Length,
            cloudSucceeded.Any(j => j.Gpu.Simulated));
    }

    /// <summary>Joules per job (power × execution time) of the jobs whose GPU reported a power.</summary>
    private static double[] Energies(IEnumerable<(GpuSnapshot Gpu, GpuJobRecord Job)> jobs) =>
        jobs.Where(j => j.Job.PowerWatts is > 0).Select(j => j.Job.PowerWatts!.Value * j.Job.LatencyMs / 1000.0).ToArray();

    private static double? MeanOrNull(double[] values) => values.Length == 0 ? null : Math.Round(values.Average(), 4);

    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
