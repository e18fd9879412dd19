namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>GC.GetTotalMemory (live objects) and the GC's heap size (live objects plus fragmentation) after a full collection.</summary>
public sealed record HeapReading(long TotalMemoryBytes, long HeapSizeBytes);
