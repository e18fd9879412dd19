namespace Aitbc.Orleans.Fleet.Rows;

/// <summary>The rows of one miner's GPUs, written as one record (a miner has at most <see cref="FleetOptions.MaxGpusPerMiner"/>).</summary>
[GenerateSerializer, Alias("aitbc.GpuShardState")]
public sealed class GpuShardState
{
    [Id(0)] public Dictionary<string, GpuState> Gpus { get; set; } = new(StringComparer.Ordinal);
}
