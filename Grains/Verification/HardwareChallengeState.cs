namespace Aitbc.Orleans.Verification;

/// <summary>One GPU's challenge schedule: a fixed handful of fields, whatever the number of challenges.</summary>
[GenerateSerializer, Alias("aitbc.HardwareChallengeState")]
public sealed class HardwareChallengeState
{
    [Id(0)] public DateTimeOffset? NextDueAt { get; set; }
    [Id(1)] public PendingChallenge? Current { get; set; }
    [Id(2)] public DateTimeOffset? LastIssuedAt { get; set; }
    [Id(3)] public int Issued { get; set; }
    [Id(4)] public HardwareChallengeResult? LastResult { get; set; }
    [Id(5)] public string? LastOutcome { get; set; }
}
