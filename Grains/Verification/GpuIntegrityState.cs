namespace Aitbc.Orleans.Verification;

/// <summary>A GPU's integrity record as stored; every list is capped (see <see cref="GpuIntegrityGrain"/>).</summary>
[GenerateSerializer, Alias("aitbc.GpuIntegrityState")]
public sealed class GpuIntegrityState
{
    [Id(0)] public int Verified { get; set; }
    [Id(1)] public int Wrong { get; set; }
    [Id(2)] public List<DateTimeOffset> Timeouts { get; set; } = [];
    [Id(3)] public DateTimeOffset? LastOffenceAt { get; set; }
    [Id(4)] public string? BlockedReason { get; set; }
    [Id(5)] public List<string> Flags { get; set; } = [];
    [Id(6)] public List<string> RecentEvidence { get; set; } = [];

    /// <summary>Jobs (and timeouts, challenges) already counted, so a repeated report counts once.</summary>
    [Id(7)] public List<string> Counted { get; set; } = [];

    /// <summary>
    /// The block changed and the GPU's row may not have it yet: written with the change, before the push, so a push lost
    /// to a crash is made by the next activation; cleared in memory once pushed (that rides on the next write).
    /// </summary>
    [Id(8)] public bool BlockUnpushed { get; set; }
}
