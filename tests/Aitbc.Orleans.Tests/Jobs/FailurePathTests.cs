using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Jobs;

/// <summary>
/// The ways an attempt can go wrong, each through the real grains: a forged result, the three failure classes, an SLA
/// breach, a cancellation, and the notifications from the fleet (a GPU lost, a thermal slash) when the grain they are
/// for cannot take them the first time.
/// </summary>
public sealed class FailurePathTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private readonly TestMiners _miners = new(fixture.Client);

    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task A_result_with_a_bad_signature_is_not_paid_slashes_its_miner_and_the_job_completes_elsewhere()
    {
        var forger = await Miner(TestMiner.Gpu(TestMiner.NewGpuId("near"), -1.29, 36.82)); // Nairobi
        var honest = await Miner(TestMiner.Gpu(TestMiner.NewGpuId("far"), 0.90, 37.01));
        forger.Behaviour = _ => MinerReaction.CompleteBadSignature;
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();
        var jobId = Id("job");

        await Grains.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(-1.3, 36.8)));
        var done = await Grains.WaitForTerminal(jobId);

        Assert.True(done.Status == JobStatus.Completed, done.Describe());
        Assert.Equal(2, done.Attempts.Count);
        Assert.Equal("result signature did not verify", done.Attempts[0].Outcome);
        Assert.True(await Grains.LedgerDelivered(tenant));
        var forgerAccount = await Grains.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(forger.MinerId)).GetSnapshot();
        Assert.Equal(0m, forgerAccount.Earned);
        var slash = Assert.Single(forgerAccount.Slashes);
        Assert.Equal(SlashReason.FailedVerification, slash.Operation.SlashReason);
        Assert.Equal(10m, slash.AppliedAmount);
        Assert.True((await Grains.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(honest.MinerId)).GetSnapshot()).Earned > 0);
    }

    [Fact]
    public async Task A_retry_same_failure_runs_the_attempt_again_on_the_same_gpu()
    {
        var gpu = TestMiner.NewGpuId("gpu");
        var miner = await Miner(TestMiner.Gpu(gpu, 6.52, 3.38)); // Lagos
        await Miner(TestMiner.Gpu(TestMiner.NewGpuId("other"), 8.60, 3.35));
        var tries = 0;
        miner.Behaviour = _ => Interlocked.Increment(ref tries) == 1 ? MinerReaction.FailSame : MinerReaction.Complete;
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();
        var jobId = Id("job");

        await Grains.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(6.5, 3.4)));
        var done = await Grains.WaitForTerminal(jobId);

        Assert.True(done.Status == JobStatus.Completed, done.Describe());
        Assert.Equal(gpu, done.GpuId);
        Assert.Single(done.Attempts);
        Assert.Equal(2, miner.Received.Count(a => a.JobId == jobId));
    }

    [Fact]
    public async Task A_retry_elsewhere_failure_moves_the_job_to_another_gpu()
    {
        var failing = await Miner(TestMiner.Gpu(TestMiner.NewGpuId("near"), 30.04, 31.24)); // Cairo
        var other = TestMiner.NewGpuId("far");
        await Miner(TestMiner.Gpu(other, 32.10, 31.40));
        failing.Behaviour = _ => MinerReaction.FailElsewhere;
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();
        var jobId = Id("job");

        await Grains.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(30.0, 31.2)));
        var done = await Grains.WaitForTerminal(jobId);

        Assert.True(done.Status == JobStatus.Completed, done.Describe());
        Assert.Equal(other, done.GpuId);
        Assert.Equal(2, done.Attempts.Count);
        Assert.Contains("RetryElsewhere", done.Attempts[0].Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fatal_failure_fails_the_job_at_once_and_charges_nothing()
    {
        var miner = await Miner(TestMiner.Gpu(TestMiner.NewGpuId("gpu"), 28.61, 77.21)); // Delhi
        await Miner(TestMiner.Gpu(TestMiner.NewGpuId("other"), 30.70, 77.10));
        miner.Behaviour = _ => MinerReaction.FailFatal;
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();
        var jobId = Id("job");

        await Grains.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(28.6, 77.2), maxPrice: 2m));
        var done = await Grains.WaitForTerminal(jobId);

        Assert.True(done.Status == JobStatus.Failed, done.Describe());
        Assert.Single(done.Attempts);
        Assert.Equal(0m, done.PriceCharged);
        var account = await Grains.GetGrain<IAccountGrain>(tenant).GetSnapshot();
        Assert.Equal(10m, account.Balance);
        Assert.Equal(0m, account.Escrow);
    }

    [Fact]
    public async Task A_completion_far_over_its_latency_budget_slashes_the_miner_for_the_sla()
    {
        var slow = await Miner(TestMiner.Gpu(TestMiner.NewGpuId("gpu"), 43.24, 76.89)); // Almaty
        slow.Work = _ =>
        {
            // Realtime's budget is 100 ms; three times it, and then some, passes on the domain clock.
            fixture.Time.Advance(TimeSpan.FromMilliseconds(400));
            return Task.CompletedTask;
        };
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();
        var jobId = Id("job");

        await Grains.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(43.2, 76.9), LatencyClass.Realtime));
        var done = await Grains.WaitForTerminal(jobId);

        Assert.True(done.Status == JobStatus.Completed, done.Describe());
        var account = Grains.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(slow.MinerId));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await account.CountSlashes(SlashReason.SlaLatencyBreach) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        var slash = Assert.Single((await account.GetSnapshot()).Slashes);
        Assert.Equal(SlashReason.SlaLatencyBreach, slash.Operation.SlashReason);
        Assert.Contains(jobId, slash.Operation.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_dispatched_job_refunds_it_and_tells_its_miner_to_stop()
    {
        var miner = await Miner(TestMiner.Gpu(TestMiner.NewGpuId("gpu"), 13.75, 100.50)); // Bangkok
        miner.Behaviour = _ => MinerReaction.StartThenSilent;
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();
        var jobId = Id("job");
        var job = Grains.GetGrain<IJobGrain>(jobId);
        await job.Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(13.7, 100.5), maxPrice: 2m));
        await miner.FirstAssignment.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var cancelled = await job.Cancel();

        Assert.Equal(JobStatus.Cancelled, cancelled!.Status);
        Assert.Equal(0m, cancelled.PriceCharged);
        var account = await Grains.GetGrain<IAccountGrain>(tenant).GetSnapshot();
        Assert.Equal(10m, account.Balance);
        Assert.Equal(0m, account.Escrow);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!miner.Cancelled.Contains((jobId, 1)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Contains((jobId, 1), miner.Cancelled);
    }

    [Fact]
    public async Task A_lost_gpu_is_told_to_its_job_even_when_the_job_cannot_store_it_the_first_time()
    {
        var dropping = await Miner(TestMiner.Gpu(TestMiner.NewGpuId("near"), 14.60, 120.98)); // Manila
        var healthy = await Miner(TestMiner.Gpu(TestMiner.NewGpuId("far"), 16.55, 121.05));
        dropping.Behaviour = _ => MinerReaction.Silent;
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();
        var jobId = Id("job");
        await Grains.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(14.6, 121.0)));
        await dropping.FirstAssignment.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        // The job's storage refuses the write that records the lost GPU, once; the miner goes away.
        fixture.Faults.FailWrites<JobState>("job", jobId, s => s.Attempts.Count > 0 && s.Attempts[^1].Outcome.StartsWith("GPU lost", StringComparison.Ordinal));
        await Grains.GetGrain<IMinerGrain>(dropping.MinerId).Deregister();

        // Well inside the execution timeout (two minutes) and the watchdog period (one minute): the job was told.
        var done = await Grains.WaitForTerminal(jobId, TimeSpan.FromSeconds(20));
        Assert.True(done.Status == JobStatus.Completed, done.Describe());
        Assert.Equal(1, fixture.Faults.Injected(jobId));
        Assert.Equal(healthy.MinerId, (await Grains.GetGrain<IGpuGrain>(done.GpuId!).GetSnapshot())!.MinerId);
    }

    [Fact]
    public async Task A_thermal_slash_is_applied_even_when_the_miner_account_cannot_store_it_the_first_time()
    {
        var hot = TestMiner.NewGpuId("hot");
        var miner = await Miner(TestMiner.Gpu(hot, 37.57, 126.98)); // Seoul
        miner.Behaviour = _ => MinerReaction.Silent;
        await Miner(TestMiner.Gpu(TestMiner.NewGpuId("spare"), 39.45, 126.70));
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();
        var jobId = Id("job");
        await Grains.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(37.5, 127.0)));
        await miner.FirstAssignment.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var account = LedgerAccounts.ForMiner(miner.MinerId);
        fixture.Faults.FailWrites<AccountState>("account", account);
        await miner.Heartbeat([hot], temperatureC: 97);

        var done = await Grains.WaitForTerminal(jobId, TimeSpan.FromSeconds(20));
        Assert.True(done.Status == JobStatus.Completed, done.Describe());
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await ThermalSlashes(account) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, fixture.Faults.Injected(account));

        // What storage holds, not what the activation remembers.
        await fixture.Cluster.DeactivateAsync(Grains.GetGrain<IAccountGrain>(account));
        var slash = Assert.Single((await Grains.GetGrain<IAccountGrain>(account).GetSnapshot()).Slashes);
        Assert.Equal(SlashReason.ThermalEmergency, slash.Operation.SlashReason);
    }

    /// <summary>
    /// The account's thermal slashes; none yet while the account is between its failed write and its recovery, when a
    /// read is refused as retryable (that refusal is the storage guard working, not the slash going missing).
    /// </summary>
    private async Task<int> ThermalSlashes(string account)
    {
        try
        {
            return await Grains.GetGrain<IAccountGrain>(account).CountSlashes(SlashReason.ThermalEmergency);
        }
        catch (Aitbc.Orleans.Storage.StorageUnavailableException)
        {
            return 0;
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _miners.DisposeAsync();

    private Task<TestMiner> Miner(params GpuRegistration[] gpus) => _miners.Start(gpus);

    private static string Id(string name) => $"{name}-{Guid.NewGuid():N}";
}
