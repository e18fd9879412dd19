namespace Aitbc.Orleans.Benchmarks.Grains;

/// <summary>A grain with a small persisted state written once: an activation plus the persistence plumbing and the stored copy.</summary>
[Alias("bench.IStoredIdleGrain")]
public interface IStoredIdleGrain : IGrainWithStringKey
{
    [Alias("Touch")]
    Task Touch();
}
