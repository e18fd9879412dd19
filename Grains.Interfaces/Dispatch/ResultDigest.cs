using System.Security.Cryptography;
using System.Text;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Dispatch;

/// <summary>
/// The canonical bytes a miner signs for a result: SHA-256 over the job id, the attempt, and each output (ordinal
/// name order) as name, element type, shape and raw data. Signatures are ECDSA P-256 (IEEE P1363) over this digest,
/// verified with the SubjectPublicKeyInfo the miner registered.
/// </summary>
public static class ResultDigest
{
    public static byte[] Compute(string jobId, int attempt, IReadOnlyDictionary<string, TensorData> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendString(hash, jobId);
        hash.AppendData(BitConverter.GetBytes(attempt));
        foreach (var (name, tensor) in outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            AppendString(hash, name);
            hash.AppendData(BitConverter.GetBytes((int)tensor.ElementType));
            hash.AppendData(BitConverter.GetBytes(tensor.Shape.Length));
            foreach (var dim in tensor.Shape)
            {
                hash.AppendData(BitConverter.GetBytes(dim));
            }

            hash.AppendData(BitConverter.GetBytes(tensor.Data.Length));
            hash.AppendData(tensor.Data);
        }

        return hash.GetHashAndReset();
    }

    public static bool Verify(string publicKeyBase64, byte[] digest, string signatureBase64)
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKeyBase64), out _);
            return ecdsa.VerifyHash(digest, Convert.FromBase64String(signatureBase64));
        }
        catch (FormatException)
        {
            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static void AppendString(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        hash.AppendData(BitConverter.GetBytes(bytes.Length));
        hash.AppendData(bytes);
    }
}
