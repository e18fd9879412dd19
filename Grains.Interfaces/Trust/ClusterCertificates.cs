using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aitbc.Orleans.Trust;

/// <summary>
/// The cluster's own certificate authority rules. Every certificate names its holder's role in the subject's OU and
/// its id in the CN ("CN=miner-3f2a..., OU=miner, O=aitbc-cluster"); a certificate counts only when it chains to the
/// cluster CA (never the machine's trust store) and its role is one the connection accepts.
/// </summary>
public static class ClusterCertificates
{
    public const string Organization = "aitbc-cluster";

    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>Characters with a meaning in distinguished names; ids never contain them.</summary>
    private static readonly System.Buffers.SearchValues<char> NameSpecials = System.Buffers.SearchValues.Create(",=+<>#;\"\\");

    /// <summary>A self-signed ECDSA P-256 CA, with its private key.</summary>
    public static X509Certificate2 CreateAuthority(string name, DateTimeOffset notBefore, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}, O={Organization}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(notBefore, notBefore + lifetime);
    }

    /// <summary>A certificate for an existing public key (a miner's enrolled identity key); no private key attached.</summary>
    public static X509Certificate2 Issue(X509Certificate2 authority, CallerKind role, string id, PublicKey subjectKey, DateTimeOffset notBefore, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(subjectKey);
        var request = new CertificateRequest(Subject(role, id), subjectKey, HashAlgorithmName.SHA256);
        AddLeafExtensions(request, role);
        var notAfter = notBefore + lifetime;
        if (notAfter > authority.NotAfter)
        {
            notAfter = authority.NotAfter;
        }

        return request.Create(authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>A new ECDSA P-256 key and its certificate (silos, gateways, operators), with the private key attached.</summary>
    public static X509Certificate2 IssueWithNewKey(X509Certificate2 authority, CallerKind role, string id, DateTimeOffset notBefore, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = Issue(authority, role, id, new PublicKey(key), notBefore, lifetime);
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>The role and id a certificate's subject names; false when it is not one of the cluster's.</summary>
    public static bool TryReadSubject(X509Certificate2 certificate, out CallerKind role, out string id)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        role = default;
        id = "";
        string? cn = null, ou = null, o = null;
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            var value = rdn.GetSingleElementValue();
            switch (rdn.GetSingleElementType().Value)
            {
                case "2.5.4.3":
                    cn = value;
                    break;
                case "2.5.4.11":
                    ou = value;
                    break;
                case "2.5.4.10":
                    o = value;
                    break;
            }
        }

        if (o != Organization || string.IsNullOrEmpty(cn) || !Enum.TryParse(ou, ignoreCase: true, out role) || !Enum.IsDefined(role))
        {
            return false;
        }

        id = cn;
        return true;
    }

    /// <summary>
    /// Null when <paramref name="certificate"/> chains to <paramref name="authority"/> (and only to it), is valid at
    /// <paramref name="now"/> and names one of <paramref name="allowed"/>; otherwise why not.
    /// </summary>
    public static string? Check(X509Certificate2 certificate, X509Certificate2 authority, DateTimeOffset now, params CallerKind[] allowed)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(authority);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        if (!chain.Build(certificate))
        {
            var status = string.Join(", ", chain.ChainStatus.Select(s => s.Status));
            return $"certificate '{certificate.Subject}' does not chain to the cluster CA ({status})";
        }

        var root = chain.ChainElements[^1].Certificate;
        if (!root.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span))
        {
            return $"certificate '{certificate.Subject}' chains to another root";
        }

        if (!TryReadSubject(certificate, out var role, out _))
        {
            return $"certificate '{certificate.Subject}' names no cluster role";
        }

        return allowed.Contains(role) ? null : $"certificate '{certificate.Subject}' is for a {role}, not one of {string.Join(", ", allowed)}";
    }

    /// <summary>Reads a certificate and its private key from PEM files (the key as PKCS#8 or SEC1 EC, or RSA).</summary>
    public static X509Certificate2 LoadPem(string certificatePath, string keyPath)
    {
        using var loaded = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        // Re-imported through PKCS#12 so the key is usable by SslStream on every platform, not only as an ephemeral key.
        return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A certificate from a PEM file, without a private key (the CA as a trust anchor).</summary>
    public static X509Certificate2 LoadPem(string certificatePath) => X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));

    private static X500DistinguishedName Subject(CallerKind role, string id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.AsSpan().ContainsAny(NameSpecials) || id.Length > 64)
        {
            throw new ArgumentException($"'{id}' cannot be a certificate subject id", nameof(id));
        }

        var builder = new X500DistinguishedNameBuilder();
        builder.AddOrganizationName(Organization);
        builder.AddOrganizationalUnitName(role.ToString().ToLowerInvariant());
        builder.AddCommonName(id);
        return builder.Build();
    }

    private static void AddLeafExtensions(CertificateRequest request, CallerKind role)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        // Silos are TLS servers (gateway and silo ports) and clients (silo to silo); everyone else is a client only.
        var usages = new OidCollection { new Oid(ClientAuthOid) };
        if (role == CallerKind.Silo)
        {
            usages.Add(new Oid(ServerAuthOid));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
    }

    /// <summary>Whether the DER bytes hold a certificate at all (callers send certificates as bytes).</summary>
    public static X509Certificate2? TryParse(byte[] der)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }
}
