namespace Aitbc.Orleans.Attestation;

/// <summary>A verifier's finding: refused with a reason, or accepted with an integrity score and its deductions.</summary>
public sealed record AttestationVerdict(string? RefusedReason, double IntegrityScore, IReadOnlyList<string> Deductions)
{
    public bool Accepted => RefusedReason is null;

    public static AttestationVerdict Refuse(string reason) => new(reason, 0, []);
}
