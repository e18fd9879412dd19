using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Verification;

/// <summary>What the check decided; <see cref="Correct"/> is the run whose outputs the submitter gets.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.VerificationVerdict")]
public sealed record VerificationVerdict(
    [property: Id(0)] string JobId,
    [property: Id(1)] VerificationOutcome Outcome,
    [property: Id(2)] VerificationRun? Correct,
    [property: Id(3)] string Summary)
{
    /// <summary>Whether the first result was checked and found right (null: not decided either way).</summary>
    public bool? PrimaryCorrect => Outcome switch
    {
        VerificationOutcome.Confirmed or VerificationOutcome.VerifierWrong => true,
        VerificationOutcome.PrimaryWrong => false,
        _ => null,
    };

    public IReadOnlyDictionary<string, TensorData>? CorrectOutputs => Correct?.Outputs;
}
