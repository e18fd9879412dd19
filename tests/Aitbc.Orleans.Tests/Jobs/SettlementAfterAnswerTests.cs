using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Jobs;

/// <summary>
/// A job answers the caller waiting for it once its end is written, not once the tenant's account (one grain for all of
/// the tenant's jobs) has applied the charge. Until then its view says SettlementPending; the money follows exactly
/// once, and a watcher ends only when it has.
/// </summary>
public sealed class SettlementAfterAnswerTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private const decimal Funding = 10m;

    private readonly TestMiners _miners = new(fixture.Client);

    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task A_job_answers_once_its_end_is_written_and_its_charge_is_settled_once_afterwards()
    {
        await _miners.Start(TestMiner.Gpu(TestMiner.NewGpuId("gpu"), 59.33, 18.07)); // Stockholm
        var tenant = await Grains.FundedTenant(Funding);
        var model = await Grains.SmallModel();
        var account = Grains.GetGrain<IAccountGrain>(tenant);

        // The tenant's account cannot store its settlement (no hold left, the balance below the funding) until the test
        // lets it: the hold is stored, the charge is not.
        fixture.Faults.FailWrites<AccountState>("account", tenant, s => s.Holds.Count == 0 && s.JobHolds.Count == 0 && s.Balance < Funding, times: int.MaxValue);
        var jobId = $"job-{Guid.NewGuid():N}";
        var job = Grains.GetGrain<IJobGrain>(jobId);

        var answered = (await job.SubmitAndWait(ClusterTestExtensions.Job(tenant, model.ModelId, new(59.3, 18.1)), TimeSpan.FromSeconds(20))).View;

        Assert.True(answered.Status == JobStatus.Completed, answered.Describe());
        Assert.True(answered.SettlementPending);
        Assert.False(answered.IsFinal);
        Assert.NotNull(answered.Outputs);
        var charged = answered.PriceCharged!.Value;
        Assert.True(charged > 0 && charged <= answered.PriceHeld);

        // The settlement was tried and refused: the hold is still in escrow, nothing charged. A read that meets the
        // refused write fails rather than show the charge, so the account is read once it answers again.
        await TestWait.Until(() => Task.FromResult(fixture.Faults.Injected(tenant) > 0), TimeSpan.FromSeconds(20), "the settlement was never tried");
        AccountSnapshot? pending = null;
        await TestWait.Until(async () => (pending = await account.GetSnapshot()) is not null, TimeSpan.FromSeconds(20), "the account never answered");
        Assert.Equal(answered.PriceHeld, pending!.Escrow);
        Assert.Equal(Funding, pending.Balance + pending.Escrow);
        var stillPending = await job.Get();
        Assert.True(stillPending!.SettlementPending && !stillPending.IsFinal, stillPending.Describe());

        // Once the account can write, the job's own retry settles it, and a watcher sees the final view.
        fixture.Faults.Clear(tenant);
        var final = await Grains.WaitForTerminal(jobId);
        Assert.True(final.IsFinal, final.Describe());
        Assert.False(final.SettlementPending);
        Assert.True(final.Version > answered.Version, "the settled view is a new version for watchers");
        Assert.Equal(charged, final.PriceCharged);
        var settled = await account.GetSnapshot();
        Assert.Equal(0m, settled.Escrow);
        Assert.Equal(Funding - charged, settled.Balance);

        // Exactly once: the watchdog's resume of a settled job moves nothing.
        await job.Resume(tenant, answered.PriceHeld);
        var again = await account.GetSnapshot();
        Assert.Equal(Funding - charged, again.Balance);
        Assert.Equal(0m, again.Escrow);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _miners.DisposeAsync();
}
