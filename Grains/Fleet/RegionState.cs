namespace Aitbc.Orleans.Fleet;

[GenerateSerializer, Alias("aitbc.RegionState")]
public sealed class RegionState
{
    [Id(0)] public Dictionary<string, GpuRoutingSummary> Gpus { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public int QueueLength { get; set; }
}
