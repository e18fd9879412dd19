using System.Security.Cryptography;

namespace Aitbc.Orleans.Tensors;

/// <summary>
/// A miner's signature over a job result: ECDSA P-256 with SHA-256, IEEE P1363 (r||s, 64 bytes) format, over the
/// <see cref="ResultDigest"/> bytes. <see cref="PublicKey"/> is the miner's SubjectPublicKeyInfo (DER).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("aitbc.ResultSignature")]
public sealed record ResultSignature(
    [property: Id(0)] string JobId,
    [property: Id(1)] byte[] Digest,
    [property: Id(2)] byte[] Signature,
    [property: Id(3)] byte[] PublicKey)
{
    public const DSASignatureFormat SignatureFormat = DSASignatureFormat.IeeeP1363FixedFieldConcatenation;

    /// <summary>True when the signature covers exactly these outputs for this job and verifies under <see cref="PublicKey"/>.</summary>
    public bool Verify(IReadOnlyDictionary<string, TensorData> outputs)
    {
        var digest = ResultDigest.Compute(JobId, outputs);
        return CryptographicOperations.FixedTimeEquals(digest, Digest) && VerifySignature(PublicKey, Digest, Signature);
    }

    /// <summary>Verifies an ECDSA P-256/SHA-256 signature; malformed keys or signatures verify as false, never throw.</summary>
    public static bool VerifySignature(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(publicKey, out _);
            return ecdsa.KeySize == 256 && ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, SignatureFormat);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public bool Equals(ResultSignature? other) =>
        other is not null && JobId == other.JobId && Digest.AsSpan().SequenceEqual(other.Digest)
        && Signature.AsSpan().SequenceEqual(other.Signature) && PublicKey.AsSpan().SequenceEqual(other.PublicKey);

    public override int GetHashCode() => HashCode.Combine(JobId, Digest.Length);
}
