using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Aitbc.Orleans.Tensors;

/// <summary>
/// Canonical SHA-256 digest of a job result, computed identically by the miner (to sign) and the coordinator
/// (to verify). Outputs are hashed in ordinal name order with every length and dimension fixed-width little-endian,
/// so no two different results can share an encoding.
/// </summary>
public static class ResultDigest
{
    /// <summary>Domain separation tag: a signature over a result can never be replayed as a signature over anything else.</summary>
    private static readonly byte[] DomainTag = Encoding.ASCII.GetBytes("aitbc.result.v1\0");

    public static byte[] Compute(string jobId, IReadOnlyDictionary<string, TensorData> outputs)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(DomainTag);
        AppendString(hash, jobId);
        AppendInt32(hash, outputs.Count);
        foreach (var (name, tensor) in outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            AppendString(hash, name);
            AppendInt32(hash, (int)tensor.ElementType);
            AppendInt32(hash, tensor.Shape.Length);
            foreach (var dim in tensor.Shape)
            {
                AppendInt64(hash, dim);
            }

            AppendInt64(hash, tensor.Data.LongLength);
            hash.AppendData(tensor.Data);
        }

        return hash.GetHashAndReset();
    }

    private static void AppendString(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        AppendInt32(hash, bytes.Length);
        hash.AppendData(bytes);
    }

    private static void AppendInt32(IncrementalHash hash, int value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, value);
        hash.AppendData(buffer);
    }

    private static void AppendInt64(IncrementalHash hash, long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        hash.AppendData(buffer);
    }
}
