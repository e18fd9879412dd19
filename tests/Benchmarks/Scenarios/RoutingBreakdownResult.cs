namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// Uncontended p50s (ms) of one decision and its parts, the in-silo ping they are set against, and how long a change
/// at a GPU takes to reach this silo's routing snapshot (p50, p99, ms).
/// </summary>
public sealed record RoutingBreakdownResult(
    double RouteMs,
    double SearchMs,
    double ReserveReleaseMs,
    double PingMs,
    double SnapshotLagP50Ms,
    double SnapshotLagP99Ms,
    int LargestRegionGpus);
