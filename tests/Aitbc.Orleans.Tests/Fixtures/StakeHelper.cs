using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Ledger;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>Funds and stakes a miner's account and tells its GPUs, as an owner's deposit would.</summary>
public sealed class StakeHelper(IGrainFactory grains)
{
    public async Task Stake(string minerId, decimal amount)
    {
        var account = grains.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(minerId));
        await account.Apply(new LedgerOperation($"fund:{minerId}", LedgerOperationKind.Credit, amount, "test funding"));
        await account.Apply(new LedgerOperation($"stake:{minerId}", LedgerOperationKind.Stake, amount, "test stake"));
        await grains.GetGrain<IMinerGrain>(minerId).RefreshStake();
    }
}
