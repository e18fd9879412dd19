namespace Aitbc.Orleans.Verification;

/// <summary>A check as operators see it: the runs so far (the first one included) and the verdict once reached.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.VerificationView")]
public sealed record VerificationView(
    [property: Id(0)] string JobId,
    [property: Id(1)] IReadOnlyList<VerificationRun> Runs,
    [property: Id(2)] IReadOnlyList<string> CheckJobIds,
    [property: Id(3)] VerificationVerdict? Verdict);
