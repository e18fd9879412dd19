namespace Aitbc.Orleans.Fleet.Deltas;

/// <summary>
/// A GPU's latest summary waiting in an outbox, and what its region holds meanwhile (null: unknown, or a renewal that
/// must be sent even when nothing changed). A GPU reserved and released within one interval ends where it started, so
/// it sends nothing.
/// </summary>
internal readonly record struct PendingSummary(GpuRoutingSummary Latest, GpuRoutingSummary? RegionHas)
{
    public bool Unchanged => RegionHas is not null && Latest.Equals(RegionHas);

    /// <summary>A later summary of the same GPU: the latest wins, and the region still holds what it held before the first.</summary>
    public PendingSummary Then(GpuRoutingSummary latest, GpuRoutingSummary? regionHas) =>
        new(latest, regionHas is null ? null : RegionHas);
}
