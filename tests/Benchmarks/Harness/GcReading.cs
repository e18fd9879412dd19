namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>What <see cref="GcWatch"/> saw in one window.</summary>
public sealed record GcReading(int Gen0, int Gen1, int Gen2, TimeSpan TotalPause, TimeSpan LongestPause, string LongestKind, long AllocatedBytes, int Gen1Seen = 0, long Gen1PromotedBytes = 0, long Gen0PromotedBytes = 0)
{
    public override string ToString() =>
        $"GC: {Gen0} gen0, {Gen1} gen1, {Gen2} gen2 collections, {TotalPause.TotalMilliseconds:0} ms paused in all, " +
        $"longest {LongestPause.TotalMilliseconds:0.0} ms ({LongestKind}), {AllocatedBytes / 1048576.0:N0} MiB allocated" +
        $", {Gen0PromotedBytes / 1048576.0:N0} MiB survived gen0 collections, {Gen1PromotedBytes / 1048576.0:N0} MiB gen1" +
        (Gen1Seen > 0 ? $" ({Gen1PromotedBytes / (double)Gen1Seen / 1048576:0.0} MiB per gen1, {Gen1Seen} seen)" : "");

    /// <summary>Bytes the ephemeral collections seen copied (survivors of gen0 and of gen1), per operation.</summary>
    public double CopiedPerOperation(long operations) => operations > 0 ? (double)(Gen0PromotedBytes + Gen1PromotedBytes) / operations : 0;

    /// <summary>Bytes allocated per operation (the whole process) when <paramref name="operations"/> completed.</summary>
    public double AllocatedPerOperation(long operations) => operations > 0 ? (double)AllocatedBytes / operations : 0;
}
