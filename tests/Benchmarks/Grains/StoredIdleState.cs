namespace Aitbc.Orleans.Benchmarks.Grains;

/// <summary>About the size of a compact GPU record: a few numbers and a short string.</summary>
[GenerateSerializer, Alias("bench.StoredIdleState")]
public sealed class StoredIdleState
{
    [Id(0)] public long Version { get; set; }
    [Id(1)] public double Value { get; set; }
    [Id(2)] public string Tag { get; set; } = "";
}
