namespace Aitbc.Orleans.Fleet;

/// <summary>
/// Which GPUs a region's index holds: online ones whose lease is current. A GPU marked offline (its miner's liveness
/// does that within one liveness period of the last heartbeat) leaves at once; a GPU renews its entry at least every
/// half liveness period while it heartbeats, so an entry nobody renews for a whole period (a miner lost with its silo)
/// leaves too. The index, and every copy of it, is therefore bounded by the GPUs alive in the last liveness period.
/// </summary>
public static class RegionMembership
{
    public static bool IsIndexed(GpuRoutingSummary gpu)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        return gpu.Available;
    }

    /// <summary>How often a GPU re-sends an unchanged summary to renew its entry.</summary>
    public static TimeSpan RenewEvery(FleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.OfflineAfter / 2;
    }

    public static bool Expired(DateTimeOffset lastRenewed, DateTimeOffset now, FleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return now - lastRenewed > options.OfflineAfter;
    }
}
