namespace Aitbc.Orleans.Staking;

/// <summary>How many GPUs a stake covers: stake scales with the GPUs a miner offers.</summary>
public static class StakeCoverage
{
    public static int GpusCovered(decimal routableStake, decimal minimumPerGpu, int gpuCount)
    {
        if (minimumPerGpu <= 0)
        {
            return gpuCount;
        }

        var covered = decimal.Floor(Math.Max(0, routableStake) / minimumPerGpu);
        return (int)Math.Min(gpuCount, covered);
    }
}
