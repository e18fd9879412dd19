using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Aitbc.Orleans.Models;

/// <summary>
/// The compact warm-model signal of a GPU's routing summary: the models its miner holds, as a 64-bit Bloom filter
/// (two bits per model id from its SHA-256, stable across processes). At most <see cref="MaxModels"/> models are put in,
/// so a GPU looks warm for a model it does not hold with probability about (1 − e^(−16/64))² ≈ 5% at worst; that only
/// costs one cold start, since warmth is a preference of the scorer, never a filter.
/// </summary>
public static class WarmModels
{
    /// <summary>How many model ids a heartbeat reports and the filter holds.</summary>
    public const int MaxModels = 8;

    /// <summary>The two bits of one model id.</summary>
    public static ulong KeyOf(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(modelId), hash);
        var value = BinaryPrimitives.ReadUInt16LittleEndian(hash);
        return (1UL << (value & 63)) | (1UL << ((value >> 6) & 63));
    }

    /// <summary>The filter of the first <see cref="MaxModels"/> ids.</summary>
    public static ulong Of(IEnumerable<string>? modelIds)
    {
        var set = 0UL;
        foreach (var id in (modelIds ?? []).Take(MaxModels))
        {
            set |= KeyOf(id);
        }

        return set;
    }

    public static bool Holds(ulong set, ulong key) => key != 0 && (set & key) == key;
}
