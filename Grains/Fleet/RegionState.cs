namespace Aitbc.Orleans.Fleet;

/// <summary>
/// What a region stores: its queue length. The index of its GPUs is not stored (Id 0 held it): a new activation is
/// rebuilt by the GPUs' own publications (<see cref="RegionGrain"/>).
/// </summary>
[GenerateSerializer, Alias("aitbc.RegionState")]
public sealed class RegionState
{
    [Id(1)] public int QueueLength { get; set; }
}
