namespace Aitbc.Orleans.Miner.Benchmarking;

/// <summary>Throughput with <paramref name="Concurrency"/> runs in flight: bare (one session, a binding per thread) and engine (leases).</summary>
public sealed record ConcurrencyRow(string Model, int Batch, int Concurrency, double BareRowsPerSecond, double EngineRowsPerSecond)
{
    public double Ratio => EngineRowsPerSecond / BareRowsPerSecond;
}
