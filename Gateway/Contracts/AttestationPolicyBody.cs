using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Aitbc.Orleans.Attestation;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// PUT and GET /v1/attestation/policy (operators): the allowlist of miner software, replaced as a whole. Every list is
/// required (an empty one admits nothing), so a body that forgets a list cannot silently empty it.
/// </summary>
public sealed class AttestationPolicyBody
{
    [Required, Description("SHA-256 (64 hex digits) of each miner binary operators accept.")]
    public List<string>? Binaries { get; init; }

    [Required, Description("ONNX Runtime versions accepted, exactly as the runtime reports them (\"1.31.0\").")]
    public List<string>? OnnxRuntimeVersions { get; init; }

    [Required, Description("GPU driver versions accepted (\"none\" for a rig without a GPU driver), with what operators know of them.")]
    public List<DriverRecordBody>? Drivers { get; init; }

    [Required, Description("Operating system descriptions accepted, by prefix (\"Linux 6.\").")]
    public List<string>? OsPrefixes { get; init; }

    public static AttestationPolicyBody From(AttestationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new()
        {
            Binaries = [.. policy.Binaries],
            OnnxRuntimeVersions = [.. policy.OnnxRuntimeVersions],
            Drivers = [.. policy.Drivers.Select(d => new DriverRecordBody { Version = d.Version, ReleasedOn = d.ReleasedOn, KnownVulnerable = d.KnownVulnerable })],
            OsPrefixes = [.. policy.OsPrefixes],
        };
    }
}
