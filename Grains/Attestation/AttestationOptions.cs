namespace Aitbc.Orleans.Attestation;

/// <summary>Bound from "Aitbc:Attestation".</summary>
public sealed class AttestationOptions
{
    /// <summary>How long an accepted attestation counts; the miner attests again before it runs out.</summary>
    public TimeSpan Validity { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a challenge's nonce may be answered.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Deduction for a driver the allowlist marks as known to be vulnerable.</summary>
    public double VulnerableDriverDeduction { get; set; } = 0.3;

    /// <summary>Deduction for a driver released more than <see cref="StaleDriverAge"/> ago (where the allowlist knows the date).</summary>
    public double StaleDriverDeduction { get; set; } = 0.2;

    public TimeSpan StaleDriverAge { get; set; } = TimeSpan.FromDays(365);
}
