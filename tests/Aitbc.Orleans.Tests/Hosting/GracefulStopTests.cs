using System.Diagnostics;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Hosting;

/// <summary>
/// A silo that stops gracefully (a rolling restart) answers the calls its grains hold open at once: a silo deactivates
/// its grains only once their calls have ended, so a routing snapshot's long poll held each stop for up to 5 s and a
/// caller waiting on a job for up to 20 s. Each test stops a one-silo cluster of its own.
/// </summary>
public sealed class GracefulStopTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stopping_silo_answers_the_long_polls_of_its_regions_at_once()
    {
        await using var cluster = new SingleSiloClusterFixture();
        await cluster.InitializeAsync();
        var region = cluster.Client.GetGrain<IRegionGrain>(RegionCatalog.Default.All[0].Id);
        var now = await region.GetChanges(0, 0, TimeSpan.Zero);

        // Nothing changes in the region, so the poll would wait its whole 5 s.
        var polling = Stopwatch.StartNew();
        var poll = region.GetChanges(now.Epoch, now.ToVersion, TimeSpan.FromSeconds(5));
        await Task.Delay(200, Ct);
        var stopping = cluster.Cluster.StopSiloAsync(cluster.Cluster.Silos[0], Ct);
        var answer = await poll.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.True(polling.Elapsed < TimeSpan.FromSeconds(5), $"answered after {polling.Elapsed}");
        Assert.Equal(now.ToVersion, answer.ToVersion);
        await stopping;
    }

    [Fact]
    public async Task A_stopping_silo_answers_callers_waiting_on_a_job_at_once_with_the_job_as_it_is()
    {
        await using var cluster = new SingleSiloClusterFixture();
        await cluster.InitializeAsync();
        GpuRegistration[] gpus = [TestMiner.Gpu(TestMiner.NewGpuId("gpu"), 48.86, 2.35)]; // Paris
        using var miner = TestMiner.For(cluster.Client, gpus);
        miner.Behaviour = _ => MinerReaction.Silent;
        await miner.Register(cluster.Client, gpus);
        var tenant = await cluster.Client.FundedTenant(10m);
        var model = await cluster.Client.SmallModel();
        var job = cluster.Client.GetGrain<IJobGrain>($"job-{Guid.NewGuid():N}");
        await job.Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(48.9, 2.4)));
        await miner.FirstAssignment.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var view = (await job.Get())!;

        // The miner never answers, so both would wait their whole 20 s (the grain's longest wait in one call).
        var waiting = Stopwatch.StartNew();
        var change = job.WaitForChange(view.Version, TimeSpan.FromSeconds(20));
        var end = job.SubmitAndWait(ClusterTestExtensions.Job(tenant, model.ModelId, new(48.9, 2.4)), TimeSpan.FromSeconds(20));
        await Task.Delay(200, Ct);
        var stopping = cluster.Cluster.StopSiloAsync(cluster.Cluster.Silos[0], Ct);
        var changed = await change.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var ended = await end.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.True(waiting.Elapsed < TimeSpan.FromSeconds(20), $"answered after {waiting.Elapsed}");
        Assert.False(changed!.Status.IsTerminal(), changed.Describe());
        Assert.True(ended.Replayed);
        Assert.False(ended.View.Status.IsTerminal(), ended.View.Describe());

        // Asked again at once, as the gateway's wait loop does, a stopping silo does not answer at once again (a loop
        // of calls until the silo got round to deactivating the grain): a wait that starts while it stops is short.
        var asked = Stopwatch.StartNew();
        var again = job.WaitForChange(changed.Version, TimeSpan.FromSeconds(20));
        var answeredAgain = await Task.WhenAny(again, Task.Delay(TimeSpan.FromSeconds(30), Ct)) == again && again.IsCompletedSuccessfully;
        TestContext.Current.TestOutputHelper?.WriteLine($"asked again: {(answeredAgain ? "answered" : again.IsFaulted ? again.Exception!.InnerException!.GetType().Name : "no answer")} after {asked.Elapsed}");
        Assert.True(!answeredAgain || asked.Elapsed >= LongWait.WhileStopping * 0.8, $"answered again after {asked.Elapsed}");
        _ = again.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        await stopping;
    }
}
