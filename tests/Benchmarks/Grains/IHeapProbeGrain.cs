using Aitbc.Orleans.Benchmarks.Harness;

namespace Aitbc.Orleans.Benchmarks.Grains;

/// <summary>Reads the silo's own heap and resident memory, from inside the silo's process (<see cref="HeapMeter"/>).</summary>
[Alias("bench.IHeapProbeGrain")]
public interface IHeapProbeGrain : IGrainWithIntegerKey
{
    [Alias("Measure")]
    Task<HeapReading> Measure();

    /// <summary>Resident memory and the GC's figures from its last collection, without forcing one: what an idle silo holds.</summary>
    [Alias("Peek")]
    Task<HeapReading> Peek();
}
