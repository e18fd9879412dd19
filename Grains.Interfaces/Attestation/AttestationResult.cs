namespace Aitbc.Orleans.Attestation;

/// <summary>The cluster's answer to an attestation: accepted until <see cref="ValidUntil"/>, or refused with the reason.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.AttestationResult")]
public sealed record AttestationResult(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] string? RefusedReason,
    [property: Id(2)] DateTimeOffset? ValidUntil,
    [property: Id(3)] double IntegrityScore,
    [property: Id(4)] IReadOnlyList<string> Deductions,
    [property: Id(5)] string Kind);
