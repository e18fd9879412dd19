namespace Aitbc.Orleans.Attestation;

/// <summary>A fresh nonce for one attestation; usable once, until <see cref="ExpiresAt"/>.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.AttestationChallenge")]
public sealed record AttestationChallenge(
    [property: Id(0)] string Nonce,
    [property: Id(1)] DateTimeOffset ExpiresAt);
