using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Verification;

namespace Aitbc.Orleans.Tests.Verification;

/// <summary>
/// Checks whose own durable steps fail, on a cluster whose state outlives its silos: the job's watchdog starts the
/// check again from what was stored, the check job that already ran is read back rather than run again, and the job
/// ends verified with the submitter charged once.
/// </summary>
public sealed class VerificationRecoveryTests(VerifyingCrashClusterFixture fixture) : IClassFixture<VerifyingCrashClusterFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(60);
    private readonly TestMiners _miners = new(fixture.Client);

    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task A_verdict_whose_write_failed_is_judged_again_from_the_finished_check_job_not_from_a_new_run()
    {
        var first = await _miners.Start(TestMiner.Gpu(TestMiner.NewGpuId("gpu"), 64.15, -21.94)); // Reykjavik
        var checker = await _miners.Start(TestMiner.Gpu(TestMiner.NewGpuId("gpu"), 65.68, -18.09)); // Akureyri
        var (tenant, modelId) = await Prepare();
        var jobId = $"j-{Guid.NewGuid():N}";

        // The write that stores the judgement fails once: memory held a verdict that storage never took.
        fixture.Faults.FailWrites<VerificationState>("verification", jobId, s => s.Outcome is not null && !s.ConsequencesApplied);
        await Grains.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, modelId, new(64.1, -21.9)));
        var done = await Grains.WaitForTerminal(jobId, Recovery);

        Assert.True(done.Status == JobStatus.Completed, done.Describe());
        Assert.Equal(1, fixture.Faults.Injected(jobId));
        Assert.Equal(first.MinerId, TestMiner.MinerOf(done.GpuId!));
        Assert.Equal("completed; verified", done.Attempts[^1].Outcome);
        var check = await Grains.GetGrain<IVerificationGrain>(jobId).Get();
        Assert.Equal(VerificationOutcome.Confirmed, check!.Verdict!.Outcome);
        var checkJobId = Assert.Single(check.CheckJobIds);

        // The judgement was made twice; the check ran once.
        Assert.Single(checker.Received, a => a.JobId == checkJobId);
        await AssertPaidOnce(tenant, done, checkJobId);
    }

    [Fact]
    public async Task Consequences_whose_write_failed_are_applied_again_without_counting_the_check_twice_in_the_checkers_qos()
    {
        await _miners.Start(TestMiner.Gpu(TestMiner.NewGpuId("gpu"), 59.33, 18.07)); // Stockholm
        var checkerGpu = TestMiner.NewGpuId("gpu");
        await _miners.Start(TestMiner.Gpu(checkerGpu, 60.17, 24.94)); // Helsinki
        var (tenant, modelId) = await Prepare();
        var jobId = $"j-{Guid.NewGuid():N}";

        // The checker was once found wrong (accuracy 0 of 1): a confirmation counted once makes it 1 of 2, twice 2 of 3.
        await Grains.GetGrain<IGpuGrain>(checkerGpu).RecordOutcome(
            new JobOutcome($"j-{Guid.NewGuid():N}", false, false, 0, 0, 0, JobOutcomeKind.WrongResult, Verified: true, AmendsRecorded: true));
        Assert.Equal(0, (await Grains.GetGrain<IGpuGrain>(checkerGpu).GetSnapshot())!.Qos.Accuracy);
        fixture.Faults.FailWrites<VerificationState>("verification", jobId, s => s.ConsequencesApplied && !s.Delivered);

        await Grains.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, modelId, new(59.3, 18.1)));
        var done = await Grains.WaitForTerminal(jobId, Recovery);

        Assert.True(done.Status == JobStatus.Completed, done.Describe());
        Assert.Equal(1, fixture.Faults.Injected(jobId));
        Assert.Equal("completed; verified", done.Attempts[^1].Outcome);
        var checkJobId = Assert.Single((await Grains.GetGrain<IVerificationGrain>(jobId).Get())!.CheckJobIds);
        Assert.Equal(1, (await Grains.GetGrain<IGpuIntegrityGrain>(checkerGpu).Get()).Verified);
        Assert.Equal(0.5, (await Grains.GetGrain<IGpuGrain>(checkerGpu).GetSnapshot())!.Qos.Accuracy);
        await AssertPaidOnce(tenant, done, checkJobId);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _miners.DisposeAsync();

    private async Task<(string Tenant, string ModelId)> Prepare()
    {
        // The checks are the platform's jobs: it pays for them out of its float.
        await Grains.GetGrain<IAccountGrain>(LedgerAccounts.Platform).Apply(
            new LedgerOperation($"fund:platform:{Guid.NewGuid():N}", LedgerOperationKind.Credit, 10m, "verification float"));
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();
        return (tenant, model.ModelId);
    }

    /// <summary>The submitter paid the job's price once and holds nothing; the check job completed once and was charged once.</summary>
    private async Task AssertPaidOnce(string tenant, JobView done, string checkJobId)
    {
        Assert.True(await Grains.LedgerDelivered(tenant));
        var account = await Grains.GetGrain<IAccountGrain>(tenant).GetSnapshot();
        Assert.Equal(10m - done.PriceCharged!.Value, account.Balance);
        Assert.Equal(0m, account.Escrow);
        var checkJob = await Grains.GetGrain<IJobGrain>(checkJobId).Get();
        Assert.True(checkJob!.Status == JobStatus.Completed, checkJob.Describe());
        Assert.Equal(LedgerAccounts.Platform, checkJob.TenantAccountId);
        Assert.Single(checkJob.Attempts, a => a.Outcome.StartsWith("completed", StringComparison.Ordinal));
        Assert.True(checkJob.PriceCharged > 0);
    }
}
