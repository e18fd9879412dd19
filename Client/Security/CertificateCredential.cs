using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aitbc.Orleans.Trust;

namespace Aitbc.Orleans.Client.Security;

/// <summary>
/// Signs in with a cluster certificate (gateways, operators' tools): the certificate names the role and id, its
/// private key signs the challenge, and the silo checks that the certificate chains to the cluster CA.
/// </summary>
public sealed class CertificateCredential : ISignInCredential
{
    private readonly X509Certificate2 _certificate;

    public CertificateCredential(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!ClusterCertificates.TryReadSubject(certificate, out var role, out var id))
        {
            throw new ArgumentException($"certificate '{certificate.Subject}' is not a cluster certificate", nameof(certificate));
        }

        if (certificate.GetECDsaPrivateKey() is null)
        {
            throw new ArgumentException($"certificate '{certificate.Subject}' has no ECDSA private key", nameof(certificate));
        }

        _certificate = certificate;
        Subject = new CallerIdentity(role, id).ToString();
    }

    public string Subject { get; }

    public async Task<SessionToken> SignInAsync(IClusterAccessGrain access)
    {
        ArgumentNullException.ThrowIfNull(access);
        var challenge = await access.GetChallenge();
        using var key = _certificate.GetECDsaPrivateKey()!;
        var signature = key.SignData(SignInPayload.For(challenge.Value, Subject), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return await access.SignIn(new SignInRequest(challenge.Value, signature, Certificate: _certificate.RawData));
    }
}
