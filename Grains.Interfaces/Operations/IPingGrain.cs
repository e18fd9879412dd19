namespace Aitbc.Orleans.Operations;

/// <summary>Readiness probe and the benchmark's raw grain-call baseline.</summary>
[Alias("aitbc.IPingGrain")]
public interface IPingGrain : IGrainWithIntegerKey
{
    [Alias("Ping")]
    Task<int> Ping(int value);
}
