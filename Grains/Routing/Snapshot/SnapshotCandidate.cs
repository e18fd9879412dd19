using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Routing.Snapshot;

/// <summary>
/// A GPU that passed the hard filters: its summary as the snapshot held it, the region, the estimated RTT from the
/// client, and <see cref="Warm"/> (its miner holds the job's model, by the summary's warm filter). A struct that points
/// at the summary rather than copying its fields, since a decision makes one for each of its 16 candidates.
/// </summary>
public readonly record struct SnapshotCandidate(GpuRoutingSummary Summary, string Region, double RttMs, bool Warm = false)
{
    public string GpuId => Summary.GpuId;

    public decimal PriceFloor => Summary.PriceFloor;

    public double QosScore => Summary.QosScore;

    public double ThermalHeadroomC => Summary.ThermalHeadroomC;
}
