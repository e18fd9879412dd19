namespace Aitbc.Orleans.Verification;

/// <summary>How a GPU answered a known-answer challenge sized to its claimed profile.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.HardwareChallengeResult")]
public sealed record HardwareChallengeResult(
    [property: Id(0)] string ChallengeId,
    [property: Id(1)] bool AnswerCorrect,
    [property: Id(2)] double MeasuredMs,
    [property: Id(3)] double ExpectedMs,
    [property: Id(4)] string Detail)
{
    /// <summary>How many times slower than the profile implies the GPU ran.</summary>
    public double Slowdown => ExpectedMs <= 0 ? 1 : MeasuredMs / ExpectedMs;
}
