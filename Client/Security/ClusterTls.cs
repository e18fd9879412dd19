using System.Security.Cryptography.X509Certificates;
using Aitbc.Orleans.Trust;
using Orleans.Connections.Security;

namespace Aitbc.Orleans.Client.Security;

/// <summary>
/// TLS on the cluster's connections: every side presents a certificate from the cluster CA and checks the other's
/// against that CA alone (not the machine's trust store) and against the roles the connection admits. Addresses are
/// IPs from membership, so names are not checked; the role in the certificate is.
/// </summary>
public static class ClusterTls
{
    /// <summary>A client (gateway, miner, operator tool) connecting to silo gateways.</summary>
    public static void ConfigureClient(TlsOptions options, ClusterTlsSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        options.LocalCertificate = settings.Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = Validator(settings.Authority, time, CallerKind.Silo);
    }

    /// <summary>Accepts a peer certificate only when it chains to <paramref name="authority"/> and names one of <paramref name="roles"/>.</summary>
    public static RemoteCertificateValidator Validator(X509Certificate2 authority, TimeProvider time, params CallerKind[] roles) =>
        (certificate, _, _) => ClusterCertificates.Check(certificate, authority, time.GetUtcNow(), roles) is null;
}
