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
    public static async Task<(MinerResponse View, MinerSnapshot? Miner, AccountSnapshot Account, IReadOnlyList<GpuSnapshot> Gpus)?> ReadAsync(
        IGrainFactory grains, string minerId, MinerEnrollment? enrollment)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var miner = await grains.Grain<IMinerGrain>(minerId).GetSnapshot();
        if (enrollment is null && miner is null)
        {
            return null;
        }

        var gpus = await GpusOf(grains, miner);
        var ledgerAccount = LedgerAccounts.ForMiner(minerId);
        var account = await grains.Grain<IAccountGrain>(ledgerAccount).GetSnapshot();
        var view = new MinerResponse(
            minerId, enrollment?.Name, enrollment?.OwnerAccountId ?? miner?.OwnerAccountId, enrollment is not null, miner is not null,
            miner?.Online ?? false, miner?.LastHeartbeat, miner?.RegisteredAt, gpus.Select(GpuResponse.From).ToArray(), ledgerAccount, account.Balance, account.Stake,
            account.Earned, account.Slashes);
        return (view, miner, account, gpus);
    }

    /// <summary>The snapshots of a miner's GPUs (none when it is not registered).</summary>
    public static async Task<GpuSnapshot[]> GpusOf(IGrainFactory grains, MinerSnapshot? miner)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return miner is null
            ? []
            : (await Task.WhenAll(miner.GpuIds.Select(g => grains.Grain<IGpuGrain>(g).GetSnapshot()))).OfType<GpuSnapshot>().ToArray();
    }

    /// <summary>The recent job endings of these GPUs, each with its GPU.</summary>
    public static async Task<(GpuSnapshot Gpu, GpuJobRecord Job)[]> RecentJobs(IGrainFactory grains, IEnumerable<GpuSnapshot> gpus)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var read = await Task.WhenAll(gpus.Select(async g => (Gpu: g, Jobs: await grains.Grain<IGpuGrain>(g.GpuId).GetRecentJobs())));
        return read.SelectMany(r => r.Jobs.Select(j => (r.Gpu, j))).ToArray();
    }
}
