namespace Aitbc.Orleans.Attestation;

/// <summary>A miner's current attestation as operators and routing see it.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.AttestationStatus")]
public sealed record AttestationStatus(
    [property: Id(0)] string MinerId,
    [property: Id(1)] bool Attested,
    [property: Id(2)] DateTimeOffset? ValidUntil,
    [property: Id(3)] AttestationMeasurement? Measurement,
    [property: Id(4)] double IntegrityScore,
    [property: Id(5)] IReadOnlyList<string> Deductions,
    [property: Id(6)] string? LastRefusal,
    [property: Id(7)] string? Kind);
