namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// Uncontended p50s (ms) of one decision and its parts, the in-silo ping they are set against, and how long a change
/// at a GPU takes to reach its region (p50, p99, ms: the batch interval and the send; another silo's snapshot pulls it
/// from there), and the share of changes this silo's own snapshot showed as soon as the reservation answered.
/// </summary>
public sealed record RoutingBreakdownResult(
    double RouteMs,
    double SearchMs,
    double ReserveReleaseMs,
    double PingMs,
    double RegionLagP50Ms,
    double RegionLagP99Ms,
    double OwnSnapshotAtOnce,
    int LargestRegionGpus);
