using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Routing.Snapshot;

/// <summary>
/// The fields of a GPU's routing summary that the search and the hard filters test on every GPU of a leaf, flat in
/// one struct so that a region's GPUs sit in one array: status code, pool, the largest model it holds, the precisions
/// it runs well, attestation. The rest (position, price floor, measured RTT, QoS, thermal headroom, warm models) is
/// read from the summary beside the row, which the filter already reaches for the GPU's id: a copy of those here was
/// 64 B more per GPU in every silo's snapshot.
/// </summary>
public struct GpuRow
{
    /// <summary>The largest variant (bytes) the GPU's memory holds (<see cref="ModelFit.CapacityBytes"/>).</summary>
    public double LargestModelBytes;
    public PoolKind Pool;
    public byte Status;
    public PrecisionSupport Precisions;
    public bool Attested;

    /// <summary>False for a slot whose GPU left or moved (the slot is reclaimed when the region's index is rebuilt).</summary>
    public bool Live;

    public static GpuRow From(GpuRoutingSummary gpu)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        return new GpuRow
        {
            LargestModelBytes = ModelFit.CapacityBytes(gpu.VramGb),
            Precisions = ModelFit.Supported(gpu),
            Pool = gpu.Pool,
            Status = (byte)RejectReasons.StatusOf(gpu),
            Attested = gpu.Attested,
            Live = true,
        };
    }

    /// <summary>
    /// Whether the search structure must place this GPU again: it moved (<paramref name="was"/> and <paramref name="now"/>
    /// are its summaries), or its memory changed what it can hold.
    /// </summary>
    public readonly bool SamePlace(in GpuRow other, GpuRoutingSummary was, GpuRoutingSummary now) =>
        was.Location == now.Location && LargestModelBytes.Equals(other.LargestModelBytes);
}
