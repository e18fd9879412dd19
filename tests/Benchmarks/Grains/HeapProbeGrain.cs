using Aitbc.Orleans.Benchmarks.Harness;

namespace Aitbc.Orleans.Benchmarks.Grains;

public sealed class HeapProbeGrain : Grain, IHeapProbeGrain
{
    public Task<HeapReading> Measure() => Task.FromResult(HeapMeter.Measure());

    public Task<HeapReading> Peek() => Task.FromResult(HeapMeter.Peek());
}
