using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Staking;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Trust;

/// <summary>
/// Staking through the stake grain: from the owner's account into the miner's stake, checked per GPU, unstaked after a
/// cool-down back to the owner; every movement a ledger operation with an id derived from the request, so nothing
/// moves twice.
/// </summary>
public sealed class StakingTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private IClusterClient Grains => fixture.Client;

    private async Task<(TestMiner Miner, string Owner)> MinerWithGpus(int count, decimal ownerFunds)
    {
        var miner = new TestMiner(Grains, TestMiner.NewMinerId());
        var owner = $"{miner.MinerId}-owner";
        await Grains.GetGrain<IAccountGrain>(owner).Apply(new LedgerOperation($"fund:{owner}", LedgerOperationKind.Credit, ownerFunds, "owner funds"));
        await miner.Register(Grains, Enumerable.Range(0, count).Select(i => TestMiner.Gpu(miner.GpuId($"g{i}"), -34.6, -58.4 + i * 0.01)).ToArray(), stake: 0);
        return (miner, owner);
    }

    private async Task<int> Routable(TestMiner miner, int count)
    {
        var gpus = await Task.WhenAll(Enumerable.Range(0, count).Select(i => Grains.GetGrain<IGpuGrain>(miner.GpuId($"g{i}")).GetSnapshot()));
        return gpus.Count(g => g!.Routing.Routable);
    }

    [Fact]
    public async Task Stake_is_needed_per_gpu()
    {
        var (miner, owner) = await MinerWithGpus(3, 100m);
        using var _ = miner;
        var stakes = Grains.GetGrain<IMinerStakeGrain>(miner.MinerId);
        Assert.Equal(0, await Routable(miner, 3));

        var first = await stakes.Stake(owner, 20m, "r1");
        Assert.True(first.Accepted, first.Error);
        Assert.Equal((20m, 3, 2), (first.View.Staked, first.View.GpuCount, first.View.GpusCovered));
        Assert.Equal(2, await Routable(miner, 3));

        Assert.True((await stakes.Stake(owner, 10m, "r2")).Accepted);
        Assert.Equal(3, await Routable(miner, 3));
        Assert.Equal(70m, (await Grains.GetGrain<IAccountGrain>(owner).GetSnapshot()).Balance);
    }

    [Fact]
    public async Task An_unstake_whose_cool_down_was_not_stored_is_stored_by_its_retry()
    {
        var (miner, owner) = await MinerWithGpus(1, 15m);
        using var _ = miner;
        var stakes = Grains.GetGrain<IMinerStakeGrain>(miner.MinerId);
        Assert.True((await stakes.Stake(owner, 10m, "in")).Accepted);
        fixture.Faults.FailWrites<StakeState>("stake", miner.MinerId, s => s.Movements.Any(m => m.Kind == StakeMovementKind.Unstake));

        await Assert.ThrowsAnyAsync<Exception>(() => stakes.RequestUnstake(owner, 4m, "out"));
        Assert.True((await stakes.RequestUnstake(owner, 4m, "out")).Accepted);
        await fixture.Cluster.DeactivateAsync(stakes);

        // Answered from memory, the retry said "cooling down" while storage held no unstake: a restart forgot it.
        var view = await stakes.Get();
        Assert.Equal(4m, view.CoolingDown);
        Assert.Single(view.Movements, m => m.RequestId == "out");
    }

    [Fact]
    public async Task A_repeated_request_moves_money_once_and_strangers_or_empty_accounts_move_nothing()
    {
        var (miner, owner) = await MinerWithGpus(1, 15m);
        using var _ = miner;
        var stakes = Grains.GetGrain<IMinerStakeGrain>(miner.MinerId);
        Assert.True((await stakes.Stake(owner, 10m, "same")).Accepted);
        var again = await stakes.Stake(owner, 10m, "same");
        Assert.True(again.Accepted);
        Assert.Equal(10m, again.View.Staked);
        Assert.Equal(5m, (await Grains.GetGrain<IAccountGrain>(owner).GetSnapshot()).Balance);

        var stranger = await stakes.Stake("someone-else", 1m, "theirs");
        Assert.False(stranger.Accepted);
        Assert.Contains("only the owner", stranger.Error, StringComparison.Ordinal);

        var broke = await stakes.Stake(owner, 50m, "too-much");
        Assert.False(broke.Accepted);
        Assert.Contains("insufficient balance", broke.Error, StringComparison.Ordinal);
        Assert.Equal((5m, 10m), ((await Grains.GetGrain<IAccountGrain>(owner).GetSnapshot()).Balance, broke.View.Staked));
        Assert.False((await stakes.Stake(owner, 0m, "zero")).Accepted);
    }

    [Fact]
    public async Task Unstaking_stops_routing_at_once_stays_slashable_and_returns_what_is_left_after_the_cool_down()
    {
        var (miner, owner) = await MinerWithGpus(2, 20m);
        using var _ = miner;
        var stakes = Grains.GetGrain<IMinerStakeGrain>(miner.MinerId);
        Assert.True((await stakes.Stake(owner, 20m, "s")).Accepted);
        Assert.Equal(2, await Routable(miner, 2));

        var unstake = await stakes.RequestUnstake(owner, 15m, "u");
        Assert.True(unstake.Accepted, unstake.Error);
        Assert.Equal(StakeMovementStatus.CoolingDown, unstake.Movement!.Status);
        Assert.Equal((20m, 15m, 5m, 0), (unstake.View.Staked, unstake.View.CoolingDown, unstake.View.Routable, unstake.View.GpusCovered));
        Assert.Equal(0, await Routable(miner, 2));
        Assert.False((await stakes.RequestUnstake(owner, 10m, "more")).Accepted);

        // An incident during the cool-down is still slashed from the stake.
        await Grains.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(miner.MinerId)).Apply(new LedgerOperation(
            $"slash:test:{miner.MinerId}", LedgerOperationKind.Slash, 8m, "slash: test", "incident", SlashReason.SlaLatencyBreach, "late"));

        Assert.Equal(StakeMovementStatus.CoolingDown, (await stakes.ReleaseDue()).Movements.Single(m => m.RequestId == "u").Status);
        fixture.Time.Advance(TimeSpan.FromHours(25));
        var released = await stakes.ReleaseDue();
        var movement = released.Movements.Single(m => m.RequestId == "u");
        Assert.Equal((StakeMovementStatus.Released, 12m), (movement.Status, movement.Amount));
        Assert.Equal((0m, 0m), (released.Staked, released.CoolingDown));
        Assert.Equal(12m, (await Grains.GetGrain<IAccountGrain>(owner).GetSnapshot()).Balance);

        await stakes.ReleaseDue();
        Assert.Equal(12m, (await Grains.GetGrain<IAccountGrain>(owner).GetSnapshot()).Balance);
        var ledger = (await Grains.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(miner.MinerId)).GetSnapshot()).RecentEntries;
        Assert.Equal(
            [LedgerOperationKind.Credit, LedgerOperationKind.Stake, LedgerOperationKind.Slash, LedgerOperationKind.Unstake, LedgerOperationKind.Hold, LedgerOperationKind.Capture],
            ledger.Select(e => e.Operation.Kind).ToArray());
    }
}
