namespace Aitbc.Orleans.Benchmarks.Grains;

/// <summary>A grain that does nothing: what one activation costs on its own (the floor of "one activation per GPU").</summary>
[Alias("bench.IIdleGrain")]
public interface IIdleGrain : IGrainWithStringKey
{
    [Alias("Touch")]
    Task Touch();
}
