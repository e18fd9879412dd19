using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Routing.Snapshot;

/// <summary>
/// What <see cref="FleetSnapshot.Claim"/> did: <see cref="Granted"/> is false only when the copy shows the GPU taken;
/// <see cref="Before"/> and <see cref="Claimed"/> are the summaries around a slot it took (null when it held no such GPU).
/// </summary>
public readonly record struct SnapshotClaim(bool Granted, string? Region, GpuRoutingSummary? Before, GpuRoutingSummary? Claimed)
{
    /// <summary>The copy does not hold the GPU: its reservation decides.</summary>
    public static SnapshotClaim Unheld => new(true, null, null, null);

    /// <summary>The copy shows the GPU with no free slot or not routable.</summary>
    public static SnapshotClaim Taken => new(false, null, null, null);
}
