namespace Aitbc.Orleans.Miner.Inference;

public sealed class PlacementBenchmarkOptions
{
    public IReadOnlyList<int> BatchSizes { get; set; } = [1, 8, 64, 512];

    /// <summary>Untimed runs first, so session creation, arena growth and GPU kernel selection are not measured.</summary>
    public int WarmupIterations { get; set; } = 3;

    public int Iterations { get; set; } = 15;

    public int Seed { get; set; } = 7;
}
