using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Pricing;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Jobs;

/// <summary>Jobs end to end through the real grains with test miners: pricing, escrow, failover, fallback.</summary>
public sealed class JobLifecycleTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private readonly List<TestMiner> _miners = [];
    private IGrainFactory Grains => fixture.Client;

    private async Task<TestMiner> Miner(params GpuRegistration[] gpus)
    {
        var miner = TestMiner.For(Grains, gpus);
        _miners.Add(miner);
        await miner.Register(fixture.Client, gpus);
        return miner;
    }

    private static string Id(string name) => $"{name}-{Guid.NewGuid():N}";

    private async Task<decimal> Balance(string account) => (await Grains.GetGrain<IAccountGrain>(account).GetSnapshot()).Balance;

    [Fact]
    public async Task A_job_with_a_live_quote_is_charged_exactly_the_quote_and_settles_once()
    {
        var gpu = TestMiner.NewGpuId("gpu");
        var miner = await Miner(TestMiner.Gpu(gpu, 48.86, 2.35)); // Paris
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();
        var quote = await Grains.GetGrain<IPricingMarketGrain>(PricingMarketGrain.KeyFor("eu-france", JobType.Inference))
            .IssueQuote(new QuoteRequest(tenant, model.ModelId, JobType.Inference, LatencyClass.Standard, new(48.8, 2.3)));

        var jobId = Id("job");
        var accepted = await Grains.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(48.8, 2.3), quoteId: quote.QuoteId));
        Assert.Equal(quote.Price, accepted.PriceHeld);
        var done = await Grains.WaitForTerminal(jobId);

        Assert.True(done.Status == JobStatus.Completed, done.Describe());
        Assert.Equal(quote.Price, done.PriceCharged);
        Assert.Equal(gpu, done.GpuId);
        Assert.Equal(PoolKind.Edge, done.Pool);
        Assert.Equal([1f, 2f, 3f, 4f], done.Outputs!["output"].ToFloats());

        var fee = decimal.Round(quote.Price * 0.10m, 6, MidpointRounding.ToZero);
        Assert.Equal(10m - quote.Price, await Balance(tenant));
        Assert.True(await Grains.LedgerDelivered(tenant));
        Assert.Equal(quote.Price - fee, (await Grains.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(miner.MinerId)).GetSnapshot()).Earned);

        // Replays of every settlement step change nothing: the job's own ledger steps, the result and the submission.
        var payer = Grains.GetGrain<IAccountGrain>(tenant);
        Assert.True((await EscrowSteps.Settle(payer, jobId, quote.Price, LedgerAccounts.ForMiner(miner.MinerId), fee)).Duplicate);
        Assert.True((await EscrowSteps.Refund(payer, jobId, quote.Price)).Duplicate);
        await Grains.GetGrain<IJobGrain>(jobId).Complete(new Dispatch.JobResult(jobId, 1, gpu, done.Outputs!, "Test", 0, 0, 0, done.MinerSignature!));
        await Grains.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(48.8, 2.3), quoteId: quote.QuoteId));
        Assert.Equal(10m - quote.Price, await Balance(tenant));
        Assert.True(await Grains.LedgerDelivered(tenant));
        Assert.Equal(quote.Price - fee, (await Grains.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(miner.MinerId)).GetSnapshot()).Earned);
    }

    [Fact]
    public async Task An_expired_or_foreign_quote_is_rejected_and_nothing_is_held()
    {
        var tenant = await Grains.FundedTenant(10m);
        var other = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();
        var market = Grains.GetGrain<IPricingMarketGrain>(PricingMarketGrain.KeyFor("eu-west", JobType.Inference));
        var quote = await market.IssueQuote(new QuoteRequest(tenant, model.ModelId, JobType.Inference, LatencyClass.Standard, new(53.3, -6.3)));
        Assert.Equal(quote.IssuedAt + TimeSpan.FromMinutes(5), quote.ExpiresAt);

        var foreign = await Assert.ThrowsAsync<JobRejectedException>(() =>
            Grains.GetGrain<IJobGrain>(Id("job")).Submit(ClusterTestExtensions.Job(other, model.ModelId, new(53.3, -6.3), quoteId: quote.QuoteId)));
        Assert.Equal(JobRejection.QuoteRejected, foreign.Kind);

        fixture.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var expired = await Assert.ThrowsAsync<JobRejectedException>(() =>
            Grains.GetGrain<IJobGrain>(Id("job")).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(53.3, -6.3), quoteId: quote.QuoteId)));
        Assert.Contains("expired", expired.Message, StringComparison.Ordinal);
        Assert.Equal(10m, await Balance(tenant));
        Assert.Equal(10m, await Balance(other));
    }

    [Fact]
    public async Task A_job_without_a_quote_is_never_charged_more_than_its_max_price()
    {
        await Miner(TestMiner.Gpu(TestMiner.NewGpuId("gpu"), 59.33, 18.07)); // Stockholm
        var tenant = await Grains.FundedTenant(1m);
        var model = await Grains.SmallModel();
        var jobId = Id("job");
        await Grains.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(59.3, 18.0), LatencyClass.Realtime, maxPrice: 0.002m));
        var done = await Grains.WaitForTerminal(jobId);
        Assert.True(done.Status == JobStatus.Completed, done.Describe());
        Assert.InRange(done.PriceCharged!.Value, 0.0005m, 0.002m);
        Assert.Equal(1m - done.PriceCharged.Value, await Balance(tenant));
    }

    [Fact]
    public async Task A_miner_that_drops_mid_job_is_not_credited_and_the_job_completes_elsewhere()
    {
        var near = TestMiner.NewGpuId("near");
        var far = TestMiner.NewGpuId("far");
        var dropping = await Miner(TestMiner.Gpu(near, 45.46, 9.19)); // Milan
        var healthy = await Miner(TestMiner.Gpu(far, 45.07, 7.69)); // Turin
        dropping.Behaviour = _ => MinerReaction.Silent;
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();

        var jobId = Id("job");
        await Grains.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(45.47, 9.2)));
        await dropping.FirstAssignment.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        // The dropping miner stops heartbeating; the healthy one keeps going. Three missed intervals later it is offline.
        fixture.Time.Advance(TimeSpan.FromSeconds(46));
        await healthy.Heartbeat([far]);
        await Grains.GetGrain<IGpuShardGrain>(healthy.MinerId).CheckLiveness();
        await Grains.GetGrain<IGpuShardGrain>(dropping.MinerId).CheckLiveness();

        var done = await Grains.WaitForTerminal(jobId);
        Assert.True(done.Status == JobStatus.Completed, done.Describe());
        Assert.Equal(far, done.GpuId);
        Assert.Equal(2, done.Attempts.Count);
        Assert.StartsWith("GPU lost", done.Attempts[0].Outcome, StringComparison.Ordinal);

        var droppedAccount = await Grains.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(dropping.MinerId)).GetSnapshot();
        Assert.Equal(0m, droppedAccount.Earned);
        Assert.Contains(droppedAccount.Slashes, s => s.Operation.SlashReason == SlashReason.AbandonedJob);
        Assert.True(await Grains.LedgerDelivered(tenant));
        Assert.True((await Grains.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(healthy.MinerId)).GetSnapshot()).Earned > 0);
        Assert.False((await Grains.GetGrain<IGpuGrain>(near).GetSnapshot())!.Online);

        // The dropped miner's late answer for its attempt is ignored.
        var late = new Dispatch.JobResult(jobId, 1, near, done.Outputs!, "Test", 0, 0, 0, "AAAA");
        await Grains.GetGrain<IJobGrain>(jobId).Complete(late);
        Assert.Equal(0m, (await Grains.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(dropping.MinerId)).GetSnapshot()).Earned);
    }

    [Fact]
    public async Task Falls_back_to_the_cloud_pool_when_no_edge_gpu_fits_and_says_so()
    {
        var edge = TestMiner.NewGpuId("edge");
        var cloud = TestMiner.NewGpuId("cloud");
        var edgeMiner = await Miner(TestMiner.Gpu(edge, 19.43, -99.13)); // Mexico City
        await Miner(TestMiner.Gpu(cloud, 20.67, -103.35, "NVIDIA H100 80GB HBM3", 81559, pool: PoolKind.Cloud)); // Guadalajara
        await edgeMiner.Heartbeat([edge], temperatureC: 90); // edge GPU too hot
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();

        var jobId = Id("job");
        await Grains.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(19.4, -99.1)));
        var done = await Grains.WaitForTerminal(jobId);

        Assert.True(done.Status == JobStatus.Completed, done.Describe());
        Assert.Equal(cloud, done.GpuId);
        Assert.Equal(PoolKind.Cloud, done.Pool);
        Assert.True(done.FellBackToCloud);
    }

    [Fact]
    public async Task A_thermal_shutdown_mid_job_drains_it_and_slashes_with_escalation()
    {
        var hot = TestMiner.NewGpuId("hot");
        var spare = TestMiner.NewGpuId("spare");
        var hotMiner = await Miner(TestMiner.Gpu(hot, 37.98, 23.73)); // Athens
        hotMiner.Behaviour = _ => MinerReaction.Silent;
        await Miner(TestMiner.Gpu(spare, 40.64, 22.94)); // Thessaloniki
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();

        var jobId = Id("job");
        await Grains.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, new(37.9, 23.7)));
        await hotMiner.FirstAssignment.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await hotMiner.Heartbeat([hot], temperatureC: 96);

        var done = await Grains.WaitForTerminal(jobId);
        Assert.Equal(spare, done.GpuId);
        var account = Grains.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(hotMiner.MinerId));
        // The shard tells the job first and slashes after, so the spare can finish the job before the slash lands.
        await TestWait.Until(async () => await account.CountSlashes(SlashReason.ThermalEmergency) > 0, TimeSpan.FromSeconds(20), "no thermal slash");
        var slash = Assert.Single((await account.GetSnapshot()).Slashes);
        Assert.Equal(5m, slash.AppliedAmount);
        Assert.Contains("96.0 C", slash.Operation.Evidence, StringComparison.Ordinal);
        Assert.Equal(ThermalState.Shutdown, (await Grains.GetGrain<IGpuGrain>(hot).GetSnapshot())!.Thermal);
    }

    [Fact]
    public async Task A_miner_under_the_stake_floor_after_slashes_is_not_routed_to()
    {
        var gpu = TestMiner.NewGpuId("gpu");
        var miner = new TestMiner(Grains, TestMiner.MinerOf(gpu));
        _miners.Add(miner);
        await miner.Register(fixture.Client, [TestMiner.Gpu(gpu, 60.17, 24.94)], stake: 12m); // Helsinki
        Assert.True((await Grains.GetGrain<IGpuGrain>(gpu).GetSnapshot())!.Available);

        var slashing = fixture.Cluster.Silos[0].ServiceProvider.GetService(typeof(SlashingService)) as SlashingService;
        var first = await slashing!.Slash(miner.MinerId, SlashReason.SlaLatencyBreach, "i1", "slow");
        var second = await slashing.Slash(miner.MinerId, SlashReason.SlaLatencyBreach, "i2", "slow again");
        var repeat = await slashing.Slash(miner.MinerId, SlashReason.SlaLatencyBreach, "i2", "slow again");
        var third = await slashing.Slash(miner.MinerId, SlashReason.SlaLatencyBreach, "i3", "slow a third time");

        Assert.Equal(1m, first.AppliedAmount);
        Assert.Equal(2m, second.AppliedAmount);
        Assert.True(repeat.Duplicate);
        Assert.Equal(4m, third.AppliedAmount);
        Assert.Equal(5m, third.Account.Stake);
        var snapshot = await Grains.GetGrain<IGpuGrain>(gpu).GetSnapshot();
        Assert.False(snapshot!.Available);
        Assert.Equal("stake below minimum", snapshot.Routing.NotRoutableReason);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>Takes this test's miners offline, so the next test in the shared cluster does not route to them.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var miner in _miners)
        {
            await Grains.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
            miner.Dispose();
        }
    }
}
