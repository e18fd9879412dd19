using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Gateway.Dashboards;

namespace Aitbc.Orleans.Tests.Dashboards;

/// <summary>The plan's four metrics computed from GPUs and job records (docs/BENCHMARKS.md, "Owner and operator metrics").</summary>
public sealed class FleetMetricsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Cost_uptime_energy_and_latency_follow_their_definitions()
    {
        // One GPU observed 24 h at 90 % uptime, one observed 12 h (registered 12 h ago) at 50 %: (21.6 + 6) / 36 online.
        GpuSnapshot[] gpus = [Gpu("a:0", uptime: 0.9, online: true), Gpu("b:0", uptime: 0.5, online: false)];
        GpuJobRecord[] jobs =
        [
            Job(100, 0.001m, 200), Job(300, 0.003m, 200), Job(200, 0.002m, null),
            Job(5_000, 0.009m, 200, JobOutcomeKind.Timeout), // a failure is neither a cost nor an inference
        ];
        GpuJobRecord[] cloud = [Job(40, 0.01m, 300), Job(60, 0.01m, 300)];

        var m = FleetMetrics.Compute([(gpus[0], null), (gpus[1], Now.AddHours(-12))], jobs, cloud, Now, new DashboardOptions { UsdPerCredit = 2 });

        Assert.Equal((2, 1, 3), (m.Gpus, m.GpusOnline, m.JobsMeasured));
        Assert.Equal(36, m.ObservedGpuHours);
        Assert.Equal(27.6, m.OnlineGpuHours, 6);
        Assert.Equal(76.67, m.UptimePercent);
        Assert.Equal(4m, m.FleetCostPer1kUsd); // mean 0.002 credits × 1000 × $2
        Assert.Equal(200, m.MedianLatencyMs);
        Assert.Equal(50, m.CloudMedianLatencyMs);
        Assert.Equal(2, m.CloudJobsMeasured);
        Assert.Equal((20 + 60) / 2.0, m.EnergyPerInferenceJoules); // 200 W × 0.1 s and 200 W × 0.3 s; unknown power left out

        // 1000 inferences × 0.2 s on a $1.006/h GPU busy half the time: 1000 × 0.2 / 3600 × 1.006 / 0.5.
        var half = Assert.Single(m.CloudCosts, c => c.UtilisationPercent == 50);
        Assert.Equal(0.111778m, half.CloudCostPer1kUsd);
        Assert.Equal(Math.Round(4 / 0.111778, 4), half.FleetToCloudRatio!.Value, 3);
        Assert.Equal([30d, 50d, 70d], m.CloudCosts.Select(c => c.UtilisationPercent));
        Assert.True(m.CloudCosts[0].CloudCostPer1kUsd > m.CloudCosts[2].CloudCostPer1kUsd, "an idler cloud GPU costs more per inference");
    }

    [Fact]
    public void Nothing_measured_reads_as_unknown_not_zero()
    {
        var m = FleetMetrics.Compute([], [], [], Now, new DashboardOptions());
        Assert.Null(m.FleetCostPer1kUsd);
        Assert.Null(m.UptimePercent);
        Assert.Null(m.EnergyPerInferenceJoules);
        Assert.Null(m.MedianLatencyMs);
        Assert.Empty(m.CloudCosts);
    }

    private static GpuJobRecord Job(double latencyMs, decimal price, double? watts, JobOutcomeKind kind = JobOutcomeKind.Success) =>
        new($"job-{Guid.NewGuid():N}", Now, kind, latencyMs, price, watts);

    private static GpuSnapshot Gpu(string id, double uptime, bool online)
    {
        var profile = GpuProfileCatalog.Default.Profiles[0];
        var qos = new QosBreakdown(0.5, 0.5, uptime, 0.5, 0.5, 0.5, "silver", 0);
        var routing = new GpuRoutingSummary(id, id.Split(':')[0], profile.Name, new(0, 0), profile.VramGb, profile.Fp16Tflops, 0, "CUDA", 0.001m,
            online, ThermalState.Normal, online, null, 0.5, 20, 1, PoolKind.Edge, false, true, 20, profile.Fp32Tflops);
        return new GpuSnapshot(id, id.Split(':')[0], profile, true, new(0, 0), "eu-central", 0.001m, online, online, ThermalState.Normal, null, null, [],
            0.5, qos, true, PoolKind.Edge, routing, null, 0.5);
    }
}
