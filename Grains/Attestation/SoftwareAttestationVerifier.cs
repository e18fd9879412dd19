using System.Security.Cryptography;
using Aitbc.Orleans.Tensors;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Attestation;

/// <summary>
/// Software attestation: the measurement must be signed by the miner's enrolled key over the nonce, and each declared
/// part must be on the operators' allowlist. It proves which key answered and what software that key declares; it does
/// not prove the declaration true (a modified binary can declare another's hash), which only a hardware TEE quote can.
/// Integrity score: 1, less 0.3 for a driver known to be vulnerable, less 0.2 for a driver older than 365 days.
/// </summary>
public sealed class SoftwareAttestationVerifier(IOptions<AttestationOptions> options) : IAttestationVerifier
{
    private readonly AttestationOptions _options = options.Value;

    public string Kind => AttestationEvidence.SoftwareKind;

    public AttestationVerdict Verify(AttestationEvidence evidence, string enrolledPublicKey, AttestationPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(policy);
        if (!SignedByEnrolledKey(evidence, enrolledPublicKey))
        {
            return AttestationVerdict.Refuse("the signature does not verify with the miner's enrolled key");
        }

        var m = evidence.Measurement;
        if (!policy.Binaries.Contains(m.BinarySha256, StringComparer.OrdinalIgnoreCase))
        {
            return AttestationVerdict.Refuse($"binary {m.BinarySha256} is not on the allowlist");
        }

        if (!policy.OnnxRuntimeVersions.Contains(m.OnnxRuntimeVersion, StringComparer.Ordinal))
        {
            return AttestationVerdict.Refuse($"ONNX Runtime {m.OnnxRuntimeVersion} is not on the allowlist");
        }

        if (!policy.OsPrefixes.Any(p => m.Os.StartsWith(p, StringComparison.Ordinal)))
        {
            return AttestationVerdict.Refuse($"operating system '{m.Os}' is not on the allowlist");
        }

        var driver = policy.Drivers.FirstOrDefault(d => d.Version == m.DriverVersion);
        if (driver is null)
        {
            return AttestationVerdict.Refuse($"driver {m.DriverVersion} is not on the allowlist");
        }

        var score = 1.0;
        var deductions = new List<string>();
        if (driver.KnownVulnerable)
        {
            score -= _options.VulnerableDriverDeduction;
            deductions.Add($"driver {driver.Version} is known to be vulnerable (-{_options.VulnerableDriverDeduction})");
        }

        if (driver.ReleasedOn is { } released && now.UtcDateTime - released.ToDateTime(TimeOnly.MinValue) > _options.StaleDriverAge)
        {
            score -= _options.StaleDriverDeduction;
            deductions.Add($"driver {driver.Version} was released on {released:yyyy-MM-dd}, over {_options.StaleDriverAge.TotalDays:F0} days ago (-{_options.StaleDriverDeduction})");
        }

        return new AttestationVerdict(null, Math.Max(0, score), deductions);
    }

    private static bool SignedByEnrolledKey(AttestationEvidence evidence, string enrolledPublicKey)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(enrolledPublicKey), out _);
            var payload = AttestationPayload.For(evidence.MinerId, evidence.Nonce, evidence.Measurement, evidence.Kind);
            return key.KeySize == 256
                && key.VerifyData(payload, Convert.FromBase64String(evidence.Signature), HashAlgorithmName.SHA256, ResultSignature.SignatureFormat);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return false;
        }
    }
}
