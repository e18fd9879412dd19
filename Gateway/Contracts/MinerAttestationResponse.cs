using Aitbc.Orleans.Attestation;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// GET /v1/miners/{id}/attestation: whether the miner is attested (software attestation: its enrolled key answered a
/// fresh challenge with software on the operators' allowlist; not a hardware TEE), until when, its integrity score and
/// deductions, what it declared, and the reason of the last refusal.
/// </summary>
public sealed record MinerAttestationResponse(
    string MinerId,
    bool Attested,
    DateTimeOffset? ValidUntil,
    double IntegrityScore,
    IReadOnlyList<string> Deductions,
    string? LastRefusal,
    string? Kind,
    AttestationMeasurement? Measurement)
{
    public static MinerAttestationResponse From(AttestationStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new(status.MinerId, status.Attested, status.ValidUntil, status.IntegrityScore, status.Deductions, status.LastRefusal, status.Kind, status.Measurement);
    }
}
