namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>How long growing a fleet took; the slowest single miner Register shows queueing behind region writes.</summary>
public sealed record RegistrationStats(int GpusAdded, int MinersAdded, TimeSpan Elapsed, double SlowestMinerRegisterMs)
{
    public double GpusPerSecond => Elapsed > TimeSpan.Zero ? GpusAdded / Elapsed.TotalSeconds : 0;
}
