namespace Aitbc.Orleans.Benchmarks.Grains;

/// <summary>Issues IPingGrain calls from inside a grain, to measure the grain-to-grain call rate (the router's own call path).</summary>
[Alias("bench.IPingDriverGrain")]
public interface IPingDriverGrain : IGrainWithIntegerKey
{
    [Alias("Run")]
    Task<PingRun> Run(int outstanding, TimeSpan duration);
}
