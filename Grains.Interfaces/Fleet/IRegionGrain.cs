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
    /// <see cref="Upsert"/> without a reply, for the hot paths (reservations, releases, heartbeats): the GPU does not
    /// wait for its region. A lost post costs at most one renewal period of staleness (the GPU re-sends its summary at
    /// least every half liveness period), which routing already tolerates: a stale entry costs a refused reservation.
    /// </summary>
    [OneWay, Alias("Post")]
    Task Post(GpuRoutingSummary summary);

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
