using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Routing.Snapshot;

/// <summary>A GPU that passed the hard filters, copied out of the snapshot: what the scorer and the reservation need.</summary>
public sealed record SnapshotCandidate(
    string GpuId,
    string Region,
    double RttMs,
    decimal PriceFloor,
    double QosScore,
    double ThermalHeadroomC,
    GpuRoutingSummary Summary);
