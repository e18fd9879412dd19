namespace Aitbc.Orleans.Fleet.Deltas;

/// <summary>
/// A GPU's latest summary waiting in an outbox, and whether anything changed since its region was last sent one
/// (false: only a lease renewal). A changed GPU is sent even when it ends the interval where it started (reserved and
/// released): another silo's router may have learned the middle state from the reservation's answer, and only the
/// region's change log tells that silo it is over.
/// </summary>
internal readonly record struct PendingSummary(GpuRoutingSummary Latest, bool Changed)
{
    /// <summary>A later summary of the same GPU: the latest wins, and a change stays a change.</summary>
    public PendingSummary Then(GpuRoutingSummary latest, bool changed) => new(latest, Changed || changed);
}
