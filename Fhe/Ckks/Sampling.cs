using System.Numerics;
using System.Security.Cryptography;

namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// Secret randomness, all from <see cref="RandomNumberGenerator"/>: the uniform ternary secret and encryption mask
/// ({−1, 0, 1} each with probability 1/3, by rejection on bytes), and errors from the centered binomial distribution
/// with η = 21 (popcount of 21 random bits minus popcount of 21 more): σ = √(21/2) ≈ 3.24, the σ ≈ 3.2 of the
/// HomomorphicEncryption.org standard, bounded by 21, integer-only and without secret-dependent branches.
/// </summary>
internal static class Sampling
{
    public const int BinomialEta = 21;

    public static void Ternary(Span<sbyte> destination)
    {
        var buffer = new byte[Math.Max(64, destination.Length + destination.Length / 8)];
        var used = buffer.Length;
        for (var i = 0; i < destination.Length;)
        {
            if (used == buffer.Length)
            {
                RandomNumberGenerator.Fill(buffer);
                used = 0;
            }

            var b = buffer[used++];
            if (b < 255)
            {
                destination[i++] = (sbyte)((b % 3) - 1);
            }
        }

        CryptographicOperations.ZeroMemory(buffer);
    }

    public static void CenteredBinomial(Span<sbyte> destination)
    {
        var words = new ulong[destination.Length];
        RandomNumberGenerator.Fill(System.Runtime.InteropServices.MemoryMarshal.AsBytes(words.AsSpan()));
        const ulong mask = (1UL << BinomialEta) - 1;
        for (var i = 0; i < destination.Length; i++)
        {
            var w = words[i];
            destination[i] = (sbyte)(BitOperations.PopCount(w & mask) - BitOperations.PopCount((w >> BinomialEta) & mask));
        }

        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(words.AsSpan()));
    }

    /// <summary>Small signed coefficients to an RNS polynomial in NTT form over the given moduli (by index into the context).</summary>
    public static RnsPoly ToNtt(CkksContext context, ReadOnlySpan<sbyte> small, ReadOnlySpan<int> moduli)
    {
        var poly = new RnsPoly(context.Degree, moduli.Length);
        for (var limb = 0; limb < moduli.Length; limb++)
        {
            var q = context.Moduli[moduli[limb]];
            var row = poly.Limb(limb);
            for (var k = 0; k < small.Length; k++)
            {
                // v mod q without a branch on the (secret) sign: add q exactly when v is negative.
                long v = small[k];
                row[k] = (ulong)v + (q.Value & (ulong)(v >> 63));
            }

            context.Ntts[moduli[limb]].Forward(row);
        }

        return poly;
    }
}
