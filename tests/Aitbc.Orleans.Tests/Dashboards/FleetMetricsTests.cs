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
        var jobs = On(gpus[0],
            Job(100, 0.001m, 200), Job(300, 0.003m, 200), Job(200, 0.002m, null),
            Job(5_000, 0.009m, 200, JobOutcomeKind.Timeout)); // a failure is neither a cost nor an inference
        var cloud = On(Gpu("c:0", uptime: 1, online: true), Job(40, 0.01m, 300), Job(60, 0.01m, 300));

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
        Assert.Equal(2, m.EnergyJobsMeasured);
        Assert.Null(m.ModelledEnergyPerInferenceJoules);
        Assert.False(m.CloudBaselineSimulated);

        // 1000 inferences × 0.2 s on a $1.006/h GPU busy half the time: 1000 × 0.2 / 3600 × 1.006 / 0.5.
        var half = Assert.Single(m.CloudCosts, c => c.UtilisationPercent == 50);
        Assert.Equal(0.111778m, half.CloudCostPer1kUsd);
        Assert.Equal(Math.Round(4 / 0.111778, 4), half.FleetToCloudRatio!.Value, 3);
        Assert.Equal([30d, 50d, 70d], m.CloudCosts.Select(c => c.UtilisationPercent));
        Assert.True(m.CloudCosts[0].CloudCostPer1kUsd > m.CloudCosts[2].CloudCostPer1kUsd, "an idler cloud GPU costs more per inference");
    }

    [Fact]
    public void A_simulated_gpus_modelled_power_is_kept_apart_from_real_rigs_readings()
    {
        var real = Gpu("real:0", uptime: 1, online: true);
        var simulated = Gpu("sim:0", uptime: 1, online: true, simulated: true);
        var cloud = Gpu("cloud:0", uptime: 1, online: true, simulated: true);
        var jobs = On(real, Job(100, 0.001m, 300)).Concat(On(simulated, Job(500, 0.001m, 100), Job(1_000, 0.001m, 100))).ToArray();

        var m = FleetMetrics.Compute([(real, null), (simulated, null)], jobs, On(cloud, Job(10, 0.01m, 50)), Now, new DashboardOptions());

        Assert.Equal(30, m.EnergyPerInferenceJoules); // only the real rig's reading: 300 W × 0.1 s
        Assert.Equal(1, m.EnergyJobsMeasured);
        Assert.Equal((50 + 100) / 2.0, m.ModelledEnergyPerInferenceJoules); // 100 W × 0.5 s and × 1 s
        Assert.Equal(2, m.ModelledEnergyJobs);
        Assert.True(m.CloudBaselineSimulated);

        var onlySimulated = FleetMetrics.Compute([(simulated, null)], On(simulated, Job(500, 0.001m, 100)), [], Now, new DashboardOptions());
        Assert.Null(onlySimulated.EnergyPerInferenceJoules); // a model never passes for a measurement
        Assert.Equal(50, onlySimulated.ModelledEnergyPerInferenceJoules);
    }

    [Fact]
    public void Nothing_measured_reads_as_unknown_not_zero()
    {
        var m = FleetMetrics.Compute([], [], [], Now, new DashboardOptions());
        Assert.Null(m.FleetCostPer1kUsd);
        Assert.Null(m.UptimePercent);
        Assert.Null(m.EnergyPerInferenceJoules);
        Assert.Null(m.ModelledEnergyPerInferenceJoules);
        Assert.Null(m.MedianLatencyMs);
        Assert.Empty(m.CloudCosts);
    }

    private static GpuJobRecord Job(double latencyMs, decimal price, double? watts, JobOutcomeKind kind = JobOutcomeKind.Success) =>
        new($"job-{Guid.NewGuid():N}", Now, kind, latencyMs, price, watts);

    private static (GpuSnapshot Gpu, GpuJobRecord Job)[] On(GpuSnapshot gpu, params GpuJobRecord[] jobs) => [.. jobs.Select(j => (gpu, j))];

    private static GpuSnapshot Gpu(string id, double uptime, bool online, bool simulated = false)
    {
        var profile = GpuProfileCatalog.Default.Profiles[0];
        var qos = new QosBreakdown(0.5, 0.5, uptime, 0.5, 0.5, 0.5, "silver", 0);
        var routing = new GpuRoutingSummary(id, id.Split(':')[0], profile.Name, new(0, 0), profile.VramGb, profile.Fp16Tflops, 0, "CUDA", 0.001m,
            online, ThermalState.Normal, online, null, 0.5, 20, 1, PoolKind.Edge, false, simulated, 20, profile.Fp32Tflops);
        return new GpuSnapshot(id, id.Split(':')[0], profile, true, new(0, 0), "eu-central", 0.001m, online, online, ThermalState.Normal, null, null, [],
            0.5, qos, simulated, PoolKind.Edge, routing, null, 0.5);
    }
}
