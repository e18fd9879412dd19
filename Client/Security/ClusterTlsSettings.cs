using System.Security.Cryptography.X509Certificates;
using Aitbc.Orleans.Trust;
using Microsoft.Extensions.Configuration;

namespace Aitbc.Orleans.Client.Security;

/// <summary>
/// The certificates a process uses on the cluster's connections, from Aitbc:Trust: CaCertificate (the cluster CA,
/// PEM: the only root any peer is checked against), Certificate and CertificateKey (this process's certificate and
/// private key, PEM).
/// </summary>
public sealed record ClusterTlsSettings(X509Certificate2 Authority, X509Certificate2 Certificate)
{
    public const string Section = "Aitbc:Trust";

    /// <summary>Null when no CA is configured (development); throws when the configuration is incomplete.</summary>
    public static ClusterTlsSettings? From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var ca = configuration[$"{Section}:CaCertificate"];
        var certificate = configuration[$"{Section}:Certificate"];
        var key = configuration[$"{Section}:CertificateKey"];
        if (string.IsNullOrWhiteSpace(ca))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(certificate) || string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidOperationException($"{Section}:CaCertificate is set, so {Section}:Certificate and {Section}:CertificateKey (PEM files) are needed too");
        }

        return new ClusterTlsSettings(ClusterCertificates.LoadPem(ca), ClusterCertificates.LoadPem(certificate, key));
    }
}
