using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Routing.Snapshot;

/// <summary>
/// A GPU with slots claimed on this silo's copy whose reservations have not answered yet, and the latest true summary
/// of it that arrived meanwhile. The copy shows <see cref="Shown"/>: the truth with the claimed slots taken off.
/// </summary>
internal sealed class ClaimedGpu(GpuRoutingSummary truth)
{
    public GpuRoutingSummary Truth { get; set; } = truth;

    public int Claims { get; set; }

    public GpuRoutingSummary Shown => Claims == 0 ? Truth : Truth with { FreeSlots = Math.Max(0, Truth.FreeSlots - Claims) };
}
