using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Ledger;

public sealed class AccountGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private IAccountGrain Account(string id) => fixture.Client.GetGrain<IAccountGrain>(id);

    [Fact]
    public async Task The_same_operation_id_applied_twice_moves_money_once()
    {
        var account = Account($"acct-{Guid.NewGuid():N}");
        var op = new LedgerOperation("topup-1", LedgerOperationKind.Credit, 25m, "top-up");
        var first = await account.Apply(op);
        var second = await account.Apply(op);

        Assert.True(first.Applied);
        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        var snapshot = await account.GetSnapshot();
        Assert.Equal(25m, snapshot.Balance);
        Assert.Single(snapshot.RecentEntries);
    }

    [Fact]
    public async Task An_archived_history_page_is_stored_and_its_activation_goes()
    {
        var id = $"acct-{Guid.NewGuid():N}";
        var account = Account(id);
        for (var i = 0; i < 40; i++)
        {
            await account.Apply(new LedgerOperation($"topup-{i}", LedgerOperationKind.Credit, 1m, "top-up"));
        }

        // The account keeps its recent entries and has moved the oldest to page 0, which is written once and goes.
        var page = fixture.Client.GetGrain<IAccountHistoryGrain>($"{id}/0");
        Assert.True(await fixture.Client.NotActive(page), "the archived page is still active");
        var archived = await page.Read();
        Assert.NotEmpty(archived);
        Assert.Equal(Enumerable.Range(1, archived.Count).Select(i => (long)i), archived.Select(e => (long)e.Sequence));
        Assert.Equal(40m, (await account.GetSnapshot()).Balance);
    }

    [Fact]
    public async Task Holds_cannot_exceed_the_balance_and_release_only_what_they_hold()
    {
        var account = Account($"acct-{Guid.NewGuid():N}");
        await account.Apply(new LedgerOperation("c", LedgerOperationKind.Credit, 10m, "top-up"));

        var tooMuch = await account.Apply(new LedgerOperation("h1", LedgerOperationKind.Hold, 11m, "hold", "job-1"));
        Assert.False(tooMuch.Applied);
        Assert.Contains("insufficient balance", tooMuch.Error, StringComparison.Ordinal);

        await account.Apply(new LedgerOperation("h2", LedgerOperationKind.Hold, 4m, "hold", "job-1"));
        var overRelease = await account.Apply(new LedgerOperation("r1", LedgerOperationKind.Refund, 5m, "refund", "job-1"));
        Assert.False(overRelease.Applied);

        var refund = await account.Apply(new LedgerOperation("r2", LedgerOperationKind.Refund, 4m, "refund", "job-1"));
        Assert.True(refund.Applied);
        var snapshot = await account.GetSnapshot();
        Assert.Equal(10m, snapshot.Balance);
        Assert.Equal(0m, snapshot.Escrow);
    }

    [Fact]
    public async Task Escrow_is_the_sum_of_the_open_holds_through_every_escrow_step()
    {
        var account = Account($"acct-{Guid.NewGuid():N}");
        await account.Apply(new LedgerOperation("c", LedgerOperationKind.Credit, 20m, "top-up"));
        await account.Apply(new LedgerOperation("h1", LedgerOperationKind.Hold, 4m, "hold", "job-1"));
        var second = await account.Apply(new LedgerOperation("h2", LedgerOperationKind.Hold, 3m, "hold", "job-2"));
        Assert.Equal(7m, second.Account.Escrow);

        // A repeated hold, a partial refund, a settlement that closes a hold, and a refund of the rest.
        Assert.Equal(7m, (await account.Apply(new LedgerOperation("h2", LedgerOperationKind.Hold, 3m, "hold", "job-2"))).Account.Escrow);
        Assert.Equal(6m, (await account.Apply(new LedgerOperation("r1", LedgerOperationKind.Refund, 1m, "refund", "job-1"))).Account.Escrow);
        var settled = await account.Apply(new LedgerOperation(
            "s2", LedgerOperationKind.Settle, 2m, "settle", "job-2", Counterparty: "miner-owner", Fee: 0.5m));
        Assert.True(settled.Applied);
        Assert.Equal(3m, settled.Account.Escrow);
        Assert.Equal(3m, (await account.Apply(new LedgerOperation("s2", LedgerOperationKind.Settle, 2m, "settle", "job-2", Counterparty: "miner-owner", Fee: 0.5m))).Account.Escrow);
        var snapshot = await account.GetSnapshot();
        Assert.Equal(3m, snapshot.Escrow);
        Assert.Equal(3m, snapshot.RecentEntries[^1].EscrowAfter);
        Assert.Equal(0m, (await account.Apply(new LedgerOperation("r2", LedgerOperationKind.Refund, 3m, "refund", "job-1"))).Account.Escrow);
        Assert.Equal(20m - 2m, (await account.GetSnapshot()).Balance);
    }

    [Fact]
    public async Task A_slash_never_takes_the_stake_below_zero_and_carries_its_evidence()
    {
        var account = Account($"acct-{Guid.NewGuid():N}");
        await account.Apply(new LedgerOperation("c", LedgerOperationKind.Credit, 7m, "top-up"));
        await account.Apply(new LedgerOperation("s", LedgerOperationKind.Stake, 7m, "stake"));

        var slash = await account.Apply(new LedgerOperation(
            "slash-1", LedgerOperationKind.Slash, 20m, "slash", "incident-1", SlashReason.ThermalEmergency, "GPU at 97 C"));

        Assert.Equal(7m, slash.AppliedAmount);
        var snapshot = await account.GetSnapshot();
        Assert.Equal(0m, snapshot.Stake);
        var entry = Assert.Single(snapshot.Slashes);
        Assert.Equal("GPU at 97 C", entry.Operation.Evidence);
        Assert.Equal(1, await account.CountSlashes(SlashReason.ThermalEmergency));
        Assert.Equal(0, await account.CountSlashes(SlashReason.AbandonedJob));
    }
}
