using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Routing.Snapshot;

/// <summary>
/// A GPU that passed the hard filters, copied out of the snapshot: what the scorer and the reservation need.
/// <see cref="Warm"/>: its miner holds the job's model (by the summary's warm filter).
/// </summary>
public sealed record SnapshotCandidate(
    string GpuId,
    string Region,
    double RttMs,
    decimal PriceFloor,
    double QosScore,
    double ThermalHeadroomC,
    GpuRoutingSummary Summary,
    bool Warm = false);
