using Orleans.Concurrency;

namespace Aitbc.Orleans.Fleet;

/// <summary>
/// One region: the index of its GPUs' routing summaries (online GPUs only), availability counts and the statistics
/// pricing reads, and a bounded log of changes that every silo's routing snapshot pulls.
/// </summary>
[Alias("aitbc.IRegionGrain")]
public interface IRegionGrain : IGrainWithStringKey
{
    /// <summary>A GPU's summary changed, or its lease is renewed (same summary). An offline GPU leaves the index.</summary>
    [Alias("Upsert")]
    Task Upsert(GpuRoutingSummary summary);

    /// <summary>
    /// A silo's batch: the latest summary of each GPU of this region that changed on that silo in the last interval, and
    /// of each that only renews its lease. One message per region and silo per interval, sent from the silo's batcher
    /// rather than from the GPUs' turns, so a reservation or release costs its GPU no call here. A changed GPU is logged
    /// for the snapshots even when its summary ends equal to the indexed one (reserved and released within the interval:
    /// a router on another silo may hold the middle state from the reservation's answer); a renewal only when it differs.
    /// </summary>
    [Alias("UpsertMany")]
    Task UpsertMany(IReadOnlyList<GpuRoutingSummary> changed, IReadOnlyList<GpuRoutingSummary> renewed);

    [Alias("Remove")]
    Task Remove(string gpuId);

    /// <summary>
    /// Changes after <paramref name="sinceVersion"/> of <paramref name="epoch"/> (epoch 0: everything). With nothing new
    /// it waits up to <paramref name="maxWait"/> for a change (a long poll), interleaved with the region's other calls.
    /// </summary>
    [AlwaysInterleave, Alias("GetChanges")]
    Task<RegionChanges> GetChanges(long epoch, long sinceVersion, TimeSpan maxWait);

    [Alias("GetStats")]
    Task<RegionStats> GetStats();

    [Alias("AdjustQueue")]
    Task AdjustQueue(int delta);

    [Alias("ListGpus")]
    Task<IReadOnlyList<GpuRoutingSummary>> ListGpus();
}
