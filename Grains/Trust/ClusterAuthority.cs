using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Trust;

/// <summary>
/// The cluster CA as the silos hold it: its certificate checks the certificates gateways and operators sign in with,
/// and, where the silos also hold its key, it issues miners' client certificates for their enrolled keys. Absent in
/// development (no TLS, nothing to issue).
/// </summary>
public sealed class ClusterAuthority
{
    private readonly X509Certificate2? _signing;
    private readonly TrustOptions _options;

    public ClusterAuthority(IOptions<TrustOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        if (string.IsNullOrWhiteSpace(_options.CaCertificate))
        {
            return;
        }

        Certificate = ClusterCertificates.LoadPem(_options.CaCertificate);
        if (!string.IsNullOrWhiteSpace(_options.CaKey))
        {
            _signing = ClusterCertificates.LoadPem(_options.CaCertificate, _options.CaKey);
        }
    }

    /// <summary>The CA certificate, or null where none is configured.</summary>
    public X509Certificate2? Certificate { get; }

    public bool CanIssue => _signing is not null;

    /// <summary>A client certificate for a miner's enrolled ECDSA P-256 key (base64 SubjectPublicKeyInfo).</summary>
    public MinerCertificate IssueMinerCertificate(string minerId, string publicKeyBase64, DateTimeOffset now)
    {
        if (_signing is null)
        {
            throw new InvalidOperationException("this silo holds no CA key (Aitbc:Trust:CaKey) to issue miner certificates");
        }

        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKeyBase64), out _);
        // Back-dated a little so that a rig whose clock runs slow can use it at once.
        using var issued = ClusterCertificates.Issue(_signing, CallerKind.Miner, minerId, new PublicKey(key), now.AddMinutes(-5), _options.MinerCertificateLifetime);
        return new MinerCertificate(issued.ExportCertificatePem(), _signing.ExportCertificatePem(), issued.NotAfter.ToUniversalTime());
    }
}
