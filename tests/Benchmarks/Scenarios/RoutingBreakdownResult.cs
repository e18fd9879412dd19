namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>Uncontended p50s (ms) of one decision and its parts, and the in-silo ping they are set against.</summary>
public sealed record RoutingBreakdownResult(
    double RouteMs,
    double FanOutMs,
    double LargestRegionMs,
    int LargestRegionGpus,
    double ReserveReleaseMs,
    double PingMs,
    int RegionsAsked);
