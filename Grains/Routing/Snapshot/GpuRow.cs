using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Geo;

namespace Aitbc.Orleans.Routing.Snapshot;

/// <summary>
/// The fields of a GPU's routing summary that the hard filters, the spatial search and the scorer read, flat in one
/// struct so that a region's GPUs sit in one array: position (latitude and longitude, for the RTT model; the search
/// tree's boxes take the unit vector from it when they are built, so no row keeps one), status code, pool, free slots, the largest model it holds, attestation, price floor,
/// measured RTT, QoS score and thermal headroom, the precisions it runs well and the models it holds warm.
/// </summary>
public struct GpuRow
{
    public GeoPoint Location;
    public decimal PriceFloor;
    /// <summary>The largest variant (bytes) the GPU's memory holds (<see cref="ModelFit.CapacityBytes"/>).</summary>
    public double LargestModelBytes;
    /// <summary>The warm-model filter of its summary (<see cref="Models.WarmModels"/>).</summary>
    public ulong WarmModels;
    public double MeasuredRttMs;
    public double QosScore;
    public double ThermalHeadroomC;
    public int FreeSlots;
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
            Location = gpu.Location,
            PriceFloor = gpu.PriceFloor,
            LargestModelBytes = ModelFit.CapacityBytes(gpu.VramGb),
            Precisions = ModelFit.Supported(gpu),
            WarmModels = gpu.WarmModels,
            MeasuredRttMs = gpu.MeasuredRttMs,
            QosScore = gpu.QosScore,
            ThermalHeadroomC = gpu.ThermalHeadroomC,
            FreeSlots = gpu.FreeSlots,
            Pool = gpu.Pool,
            Status = (byte)RejectReasons.StatusOf(gpu),
            Attested = gpu.Attested,
            Live = true,
        };
    }

    /// <summary>The position as a unit vector, for the search tree's boxes.</summary>
    public readonly (double X, double Y, double Z) Point => UnitVector.Of(Location);

    /// <summary>Whether the search structure must place this GPU again: it moved, or its memory changed what it can hold.</summary>
    public readonly bool SamePlace(in GpuRow other) =>
        Location == other.Location && LargestModelBytes.Equals(other.LargestModelBytes);
}
