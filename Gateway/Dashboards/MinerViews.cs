using Aitbc.Orleans.Access;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Ledger;

namespace Aitbc.Orleans.Gateway.Dashboards;

/// <summary>
/// A miner as its owner sees it (GET /v1/miners/{id} and the owner's dashboard): enrolment, connection, GPUs, and the
/// miner's ledger account. The caller decides who may see it; this only reads.
/// </summary>
public static class MinerViews
{
    /// <summary>The view, or null when the miner is neither enrolled nor registered.</summary>
    public static async Task<(MinerResponse View, MinerSnapshot? Miner, AccountSnapshot Account)?> ReadAsync(
        IGrainFactory grains, string minerId, MinerEnrollment? enrollment)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var miner = await grains.GetGrain<IMinerGrain>(minerId).GetSnapshot();
        if (enrollment is null && miner is null)
        {
            return null;
        }

        var gpus = miner is null
            ? []
            : (await Task.WhenAll(miner.GpuIds.Select(g => grains.GetGrain<IGpuGrain>(g).GetSnapshot()))).OfType<GpuSnapshot>().Select(GpuResponse.From).ToArray();
        var ledgerAccount = LedgerAccounts.ForMiner(minerId);
        var account = await grains.GetGrain<IAccountGrain>(ledgerAccount).GetSnapshot();
        var view = new MinerResponse(
            minerId, enrollment?.Name, enrollment?.OwnerAccountId ?? miner?.OwnerAccountId, enrollment is not null, miner is not null,
            miner?.Online ?? false, miner?.LastHeartbeat, miner?.RegisteredAt, gpus, ledgerAccount, account.Balance, account.Stake,
            account.Earned, account.Slashes);
        return (view, miner, account);
    }
}
