namespace Aitbc.Orleans.Verification;

/// <summary>A GPU's challenges as operators see them: the one running, the next one due, and how the last one ended.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.HardwareChallengeView")]
public sealed record HardwareChallengeView(
    [property: Id(0)] string GpuId,
    [property: Id(1)] string? RunningJobId,
    [property: Id(2)] DateTimeOffset? NextDueAt,
    [property: Id(3)] int Issued,
    [property: Id(4)] HardwareChallengeResult? LastResult,
    [property: Id(5)] string? LastOutcome);
