namespace Aitbc.Orleans.Routing.Snapshot;

/// <summary>
/// What <see cref="FleetSnapshot.Claim"/> did: <see cref="Granted"/> is false only when the copy shows the GPU taken;
/// <see cref="Held"/> says whether it took a slot on the copy (a GPU the copy does not hold is left to its reservation).
/// Every granted claim ends in <see cref="FleetSnapshot.Settle"/>, with the reservation's answer or without one.
/// </summary>
public readonly record struct SnapshotClaim(bool Granted, bool Held, string Region, string GpuId)
{
    /// <summary>The copy does not hold the GPU: its reservation decides.</summary>
    public static SnapshotClaim Unheld(string region, string gpuId) => new(true, false, region, gpuId);

    /// <summary>The copy shows the GPU with no free slot or not routable.</summary>
    public static SnapshotClaim Taken(string region, string gpuId) => new(false, false, region, gpuId);
}
