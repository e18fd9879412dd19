using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Telemetry;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Jobs;

/// <summary>An operator finds where a slow job's time went in <c>aitbc.jobs.stage.duration</c>, one series per step.</summary>
public sealed class JobStageMetricTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_completed_job_reports_the_time_of_each_step_of_its_path()
    {
        var seen = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (AitbcMetrics.IsJobStage(instrument))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            if (AitbcMetrics.StageOf(tags) is { } stage)
            {
                seen.AddOrUpdate(stage, value, (_, before) => Math.Max(before, value));
            }
        });
        listener.Start();

        var gpu = TestMiner.Gpu(TestMiner.NewGpuId("gpu"), 52.52, 13.40); // Berlin
        using var miner = TestMiner.For(fixture.Client, [gpu]);
        await miner.Register(fixture.Client, [gpu]);
        var tenant = await fixture.Client.FundedTenant(1m);
        var model = await fixture.Client.SmallModel();
        var jobId = $"job-{Guid.NewGuid():N}";
        await fixture.Client.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(52.5, 13.4)));
        var done = await fixture.Client.WaitForTerminal(jobId);
        Assert.True(done.Status == JobStatus.Completed, done.Describe());
        await fixture.Client.GetGrain<IMinerGrain>(miner.MinerId).Deregister();

        string[] steps = ["submit.checks", "submit.hold", "submit.route", "submit.commit", "submit.push", "dispatch.to.result", "complete.checks", "complete.finish"];
        Assert.All(steps, step => Assert.True(seen.TryGetValue(step, out var ms) && ms >= 0, $"no time reported for {step}; seen: {string.Join(", ", seen.Keys)}"));
    }
}
