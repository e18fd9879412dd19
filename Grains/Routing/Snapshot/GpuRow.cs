using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Routing.Snapshot;

/// <summary>
/// The fields of a GPU's routing summary that the search and the hard filters test on every GPU of a leaf, flat in
/// one struct so that a region's GPUs sit in one array: status code, pool, the largest model it holds, the precisions
/// it runs well, attestation, and what its RTT estimate needs (its position as a unit vector and the part its measured
/// RTT adds). So a GPU the filters pass or reject costs no trip to its summary and no trigonometry: at 100k GPUs the
/// summaries lie all over the heap, and reaching one per GPU scanned (with five sines and cosines) was a fifth of a
/// loaded decision's CPU. The rest (id, price floor, QoS, thermal headroom, warm models) is read from the summary beside
/// the row, for the few GPUs that come that far.
/// </summary>
public struct GpuRow
{
    /// <summary>The GPU's position as a unit vector (<see cref="UnitVector"/>).</summary>
    public double X;
    public double Y;
    public double Z;

    /// <summary>What its measured RTT adds to the geographic estimate (<see cref="RttModel.MeasuredPartMs"/>).</summary>
    public double MeasuredPartMs;

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
        var (x, y, z) = UnitVector.Of(gpu.Location);
        return new GpuRow
        {
            X = x,
            Y = y,
            Z = z,
            MeasuredPartMs = RttModel.MeasuredPartMs(gpu.MeasuredRttMs),
            LargestModelBytes = ModelFit.CapacityBytes(gpu.VramGb),
            Precisions = ModelFit.Supported(gpu),
            Pool = gpu.Pool,
            Status = (byte)RejectReasons.StatusOf(gpu),
            Attested = gpu.Attested,
            Live = true,
        };
    }

    /// <summary>
    /// The RTT estimate (<see cref="RttModel.Estimate"/>) from a client at the unit vector (x, y, z), by the chord
    /// between the two vectors instead of the haversine: the same great-circle distance.
    /// </summary>
    public readonly double RttMsFrom(double x, double y, double z)
    {
        var dx = X - x;
        var dy = Y - y;
        var dz = Z - z;
        return RttModel.FromDistanceKm(UnitVector.ChordToKm(Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz)))) + MeasuredPartMs;
    }

    /// <summary>
    /// Whether the search structure must place this GPU again: it moved (<paramref name="was"/> and <paramref name="now"/>
    /// are its summaries), or its memory changed what it can hold.
    /// </summary>
    public readonly bool SamePlace(in GpuRow other, GpuRoutingSummary was, GpuRoutingSummary now) =>
        was.Location == now.Location && LargestModelBytes.Equals(other.LargestModelBytes);
}
