namespace Aitbc.Orleans.Benchmarks.Grains;

/// <summary>One driver grain's share of a grain-to-grain ping run: its raw latencies (Stopwatch ticks) and how long it ran.</summary>
[GenerateSerializer, Immutable, Alias("bench.PingRun")]
public sealed record PingRun(
    [property: Id(0)] long[] LatencyTicks,
    [property: Id(1)] long ElapsedTicks,
    [property: Id(2)] long Errors);
