using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>POST /v1/miners.</summary>
public sealed class EnrollMinerRequestBody
{
    [Required, Description("The daemon's ECDSA P-256 SubjectPublicKeyInfo, base64.")]
    public string? PublicKey { get; init; }

    public string? Name { get; init; }

    [Description("Optional; by default \"miner-\" and 16 hex digits of the key's SHA-256.")]
    public string? MinerId { get; init; }
}
