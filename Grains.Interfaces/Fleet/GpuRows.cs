namespace Aitbc.Orleans.Fleet;

/// <summary>Reaching a GPU's row in its miner's shard.</summary>
public static class GpuRows
{
    public static GpuRowRef GpuRow(this IGrainFactory grains, string gpuId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(gpuId);
        return new GpuRowRef(grains, gpuId);
    }
}
