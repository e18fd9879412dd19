namespace Aitbc.Orleans.Trust;

/// <summary>
/// The silos' side of the trust model, bound from "Aitbc:Trust". Production needs TokenKey (or TokenKeyFile): the
/// secret, shared by all silos, that signs session tokens, challenges and the internal-call marker. Development
/// falls back to a published key, so development clusters are not secure and say so.
/// </summary>
public sealed class TrustOptions
{
    public const string Section = "Aitbc:Trust";

    /// <summary>Base64 of at least 32 random bytes.</summary>
    public string? TokenKey { get; set; }

    /// <summary>A file holding <see cref="TokenKey"/> (takes precedence over TokenKey).</summary>
    public string? TokenKeyFile { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The cluster CA certificate (PEM): checks gateways' and operators' certificates at sign-in.</summary>
    public string? CaCertificate { get; set; }

    /// <summary>The CA's private key (PEM): lets the silos issue miners' client certificates at enrolment.</summary>
    public string? CaKey { get; set; }

    public TimeSpan MinerCertificateLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How long a silo remembers that a miner may read a model (of a job assigned to it) before asking again.</summary>
    public TimeSpan ModelGrantLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Development only: the documented "dev-key" signs in as an operator.</summary>
    public bool AcceptDevelopmentOperatorKey { get; set; }
}
