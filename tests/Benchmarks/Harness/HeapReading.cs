namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// GC.GetTotalMemory (live objects) and the GC's heap size (live objects plus fragmentation) after a full collection,
/// and the process's resident memory (RSS) at that moment.
/// </summary>
[GenerateSerializer, Immutable, Alias("bench.HeapReading")]
public sealed record HeapReading(
    [property: Id(0)] long TotalMemoryBytes,
    [property: Id(1)] long HeapSizeBytes,
    [property: Id(2)] long ResidentBytes,
    [property: Id(3)] long CommittedBytes = 0,
    [property: Id(4)] long FragmentedBytes = 0,
    [property: Id(5)] double LastFullBlockingPauseMs = 0);
