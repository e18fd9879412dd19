using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Verification;

namespace Aitbc.Orleans.Tests.Verification;

/// <summary>
/// A job drawn for verification answers its submitter when its result arrives, within its latency class, not after a
/// second and third run: shown completed with the verification pending, the hold not yet settled and no longer
/// cancellable. The verdict amends it: a wrong first run's outputs are replaced by the majority's, and the charge
/// settles once.
/// </summary>
public sealed class ResultBeforeVerdictTests(VerifyingCrashClusterFixture fixture) : IClassFixture<VerifyingCrashClusterFixture>, IAsyncLifetime
{
    private readonly TestMiners _miners = new(fixture.Client);

    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task A_drawn_job_answers_with_its_result_before_the_verdict_which_replaces_a_wrong_result_and_settles_once()
    {
        var cheater = await _miners.Start(TestMiner.Gpu(TestMiner.NewGpuId("gpu"), 41.90, 12.50)); // Rome, next to the submitter
        var zeros = TensorData.FromFloats(new float[4], 1, 4);
        cheater.Outputs = _ => new Dictionary<string, TensorData> { ["output"] = zeros };

        // The checkers hold their answers until the test lets them go: the verdict cannot come before that.
        var checksMayAnswer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var (lat, lon) in new[] { (43.77, 11.25), (45.46, 9.19) }) // Florence, Milan
        {
            var checker = await _miners.Start(TestMiner.Gpu(TestMiner.NewGpuId("gpu"), lat, lon));
            checker.Work = _ => checksMayAnswer.Task;
        }

        await Grains.GetGrain<IAccountGrain>(LedgerAccounts.Platform).Apply(
            new LedgerOperation($"fund:platform:{Guid.NewGuid():N}", LedgerOperationKind.Credit, 10m, "verification float"));
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();
        var jobId = $"j-{Guid.NewGuid():N}";
        var job = Grains.GetGrain<IJobGrain>(jobId);

        var answered = (await job.SubmitAndWait(ClusterTestExtensions.Job(tenant, model.ModelId, new(41.9, 12.5)), TimeSpan.FromSeconds(20))).View;

        Assert.True(answered.Status == JobStatus.Completed, answered.Describe());
        Assert.True(answered.VerificationPending);
        Assert.False(answered.IsFinal);
        Assert.Equal(cheater.MinerId, TestMiner.MinerOf(answered.GpuId!));
        Assert.True(zeros.Equals(answered.Outputs!["output"]), "the submitter gets the first run's result at once");
        Assert.NotNull(answered.FinishedAt);
        var charged = answered.PriceCharged!.Value;
        Assert.True(charged > 0);

        // Delivered, so not cancellable; and nothing is charged or refunded before the verdict.
        var afterCancel = await job.Cancel();
        Assert.True(afterCancel!.Status == JobStatus.Completed && afterCancel.VerificationPending, afterCancel.Describe());
        var held = await Grains.GetGrain<IAccountGrain>(tenant).GetSnapshot();
        Assert.Equal(10m, held.Balance + held.Escrow);
        Assert.Equal(answered.PriceHeld, held.Escrow);

        checksMayAnswer.SetResult();
        var final = await Grains.WaitForTerminal(jobId, TimeSpan.FromSeconds(60));

        Assert.True(final.IsFinal, final.Describe());
        Assert.Equal(VerificationOutcome.PrimaryWrong, final.Verification);
        Assert.True(TensorData.FromFloats([1f, 2f, 3f, 4f], 1, 4).Equals(final.Outputs!["output"]), "the majority's outputs replace the wrong ones");
        Assert.StartsWith("wrong result", final.Attempts[^1].Outcome, StringComparison.Ordinal);
        Assert.Equal(answered.FinishedAt, final.FinishedAt);
        Assert.Equal(charged, final.PriceCharged);
        Assert.True(await Grains.LedgerDelivered(tenant));
        var settled = await Grains.GetGrain<IAccountGrain>(tenant).GetSnapshot();
        Assert.Equal(10m - charged, settled.Balance);
        Assert.Equal(0m, settled.Escrow);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _miners.DisposeAsync();
}
