using System.Buffers.Binary;
using Aitbc.Orleans.Fhe.Ckks;

namespace Aitbc.Orleans.Fhe.Serialization;

/// <summary>
/// Writes and parses keys and ciphertexts (format in <see cref="FheBlob"/>). Bodies:
/// <list type="bullet">
/// <item>secret key: N coefficients, 2 bits each (0 → 00, 1 → 01, −1 → 11; 10 is malformed).</item>
/// <item>public key: u8 level (= L), 32-byte seed of a, b packed over q_0 … q_L.</item>
/// <item>evaluation keys: u8 level ℓ, u8 flags (bit 0: relinearization key present; others zero), u16 Galois key
/// count, then the relinearization key if present, then per Galois key a u32 element (odd, in (1, 2N), strictly
/// ascending) and the key. A key is a 32-byte seed and ℓ+1 digits, each packed over q_0 … q_ℓ, P.</item>
/// <item>ciphertext: u8 level, u8 size (2 or 3), f64 scale, then size polynomials packed over q_0 … q_level.</item>
/// </list>
/// </summary>
internal static class FheSerializer
{
    public static byte[] Write(Ciphertext ciphertext)
    {
        var context = CkksContext.For(ciphertext.ParameterSet);
        var polyBytes = PolyBytes(context, ciphertext.Level, withSpecial: false);
        var output = new byte[FheBlob.HeaderLength + 10 + ciphertext.Size * polyBytes];
        var at = WriteHeader(output, FheBlobKind.Ciphertext, ciphertext.ParameterSet, ciphertext.KeyId);
        output[at++] = (byte)ciphertext.Level;
        output[at++] = (byte)ciphertext.Size;
        BinaryPrimitives.WriteDoubleLittleEndian(output.AsSpan(at), ciphertext.Scale);
        at += 8;
        foreach (var poly in ciphertext.Polys)
        {
            at = WritePoly(context, poly, CiphertextModuli(ciphertext.Level), output, at);
        }

        return output;
    }

    public static Ciphertext ReadCiphertext(ReadOnlySpan<byte> bytes)
    {
        var reader = new FheReader(bytes);
        var header = reader.ReadHeader(FheBlobKind.Ciphertext);
        var context = CkksContext.For(header.ParameterSet);
        var level = reader.ReadByte();
        var size = reader.ReadByte();
        var scale = reader.ReadDouble();
        if (level > context.MaxLevel)
        {
            throw new FheFormatException($"ciphertext level {level} is above the parameter set's maximum {context.MaxLevel}");
        }

        if (size is not (2 or 3))
        {
            throw new FheFormatException($"a ciphertext has 2 or 3 polynomials, not {size}");
        }

        if (!double.IsFinite(scale) || scale < 1 || Math.Log2(scale) + CkksEvaluator.MinimumHeadroomBits > context.LogModulus(level))
        {
            throw new FheFormatException($"ciphertext scale {scale} is not a valid scale at level {level}");
        }

        reader.RequireTotalLength(FheBlob.HeaderLength + 10 + (long)size * PolyBytes(context, level, withSpecial: false), $"a size-{size} ciphertext at level {level}");
        var polys = new RnsPoly[size];
        for (var i = 0; i < size; i++)
        {
            polys[i] = ReadPoly(context, ref reader, CiphertextModuli(level));
        }

        reader.RequireEnd();
        return new Ciphertext(header.ParameterSet, header.KeyId, polys, level, scale);
    }

    public static byte[] Write(SecretKey key)
    {
        var n = key.Context.Degree;
        var output = new byte[FheBlob.HeaderLength + n / 4];
        var at = WriteHeader(output, FheBlobKind.SecretKey, key.ParameterSet, key.KeyId);
        for (var k = 0; k < n; k += 4)
        {
            var packed = 0;
            for (var j = 0; j < 4; j++)
            {
                packed |= (key.Coefficients[k + j] & 3) << (2 * j); // two's complement in two bits: −1 → 11
            }

            output[at++] = (byte)packed;
        }

        return output;
    }

    public static SecretKey ReadSecretKey(ReadOnlySpan<byte> bytes)
    {
        var reader = new FheReader(bytes);
        var header = reader.ReadHeader(FheBlobKind.SecretKey);
        var context = CkksContext.For(header.ParameterSet);
        var n = context.Degree;
        reader.RequireTotalLength(FheBlob.HeaderLength + n / 4, "a secret key");
        var packed = reader.ReadBytes(n / 4);
        var coefficients = new sbyte[n];
        var malformed = 0;
        for (var k = 0; k < n; k++)
        {
            var code = (packed[k >> 2] >> (2 * (k & 3))) & 3;
            malformed |= code == 2 ? 1 : 0;
            coefficients[k] = (sbyte)((sbyte)(code << 6) >> 6); // sign-extend two bits
        }

        if (malformed != 0)
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(coefficients.AsSpan()));
            throw new FheFormatException("a secret key coefficient has the invalid code 10; coefficients are −1, 0 or 1");
        }

        return new SecretKey(context, header.KeyId, coefficients);
    }

    public static byte[] Write(PublicKey key)
    {
        var context = key.Context;
        var output = new byte[FheBlob.HeaderLength + 1 + SeededUniform.SeedLength + PolyBytes(context, context.MaxLevel, withSpecial: false)];
        var at = WriteHeader(output, FheBlobKind.PublicKey, key.ParameterSet, key.KeyId);
        output[at++] = (byte)context.MaxLevel;
        key.Seed.CopyTo(output.AsSpan(at));
        at += SeededUniform.SeedLength;
        WritePoly(context, key.B, CiphertextModuli(context.MaxLevel), output, at);
        return output;
    }

    public static PublicKey ReadPublicKey(ReadOnlySpan<byte> bytes)
    {
        var reader = new FheReader(bytes);
        var header = reader.ReadHeader(FheBlobKind.PublicKey);
        var context = CkksContext.For(header.ParameterSet);
        var level = reader.ReadByte();
        if (level != context.MaxLevel)
        {
            throw new FheFormatException($"a public key is at the top level {context.MaxLevel}, not {level}");
        }

        reader.RequireTotalLength(FheBlob.HeaderLength + 1 + SeededUniform.SeedLength + PolyBytes(context, level, withSpecial: false), "a public key");
        var seed = reader.ReadBytes(SeededUniform.SeedLength).ToArray();
        var b = ReadPoly(context, ref reader, CiphertextModuli(level));
        reader.RequireEnd();
        return new PublicKey(context, header.KeyId, seed, b);
    }

    public static byte[] Write(EvaluationKeys keys)
    {
        var context = keys.Context;
        var keyBytes = KeySwitchingKeyBytes(context, keys.Level);
        var elements = keys.GaloisElements;
        var total = FheBlob.HeaderLength + 4 + (keys.HasRelinearization ? keyBytes : 0) + (long)elements.Count * (4 + keyBytes);
        var output = new byte[total];
        var at = WriteHeader(output, FheBlobKind.EvaluationKeys, keys.ParameterSet, keys.KeyId);
        output[at++] = (byte)keys.Level;
        output[at++] = (byte)(keys.HasRelinearization ? 1 : 0);
        BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(at), (ushort)elements.Count);
        at += 2;
        if (keys.Relinearization is { } relin)
        {
            at = WriteKey(context, relin, output, at);
        }

        foreach (var g in elements)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(at), (uint)g);
            at += 4;
            at = WriteKey(context, keys.Galois[g], output, at);
        }

        return output;
    }

    public static EvaluationKeys ReadEvaluationKeys(ReadOnlySpan<byte> bytes)
    {
        var reader = new FheReader(bytes);
        var header = reader.ReadHeader(FheBlobKind.EvaluationKeys);
        var context = CkksContext.For(header.ParameterSet);
        var level = reader.ReadByte();
        var flags = reader.ReadByte();
        var count = reader.ReadUInt16();
        if (level > context.MaxLevel)
        {
            throw new FheFormatException($"evaluation key level {level} is above the parameter set's maximum {context.MaxLevel}");
        }

        if ((flags & ~1) != 0)
        {
            throw new FheFormatException($"unknown evaluation key flags 0x{flags:x2}");
        }

        if (count > context.SlotCount)
        {
            throw new FheFormatException($"{count} Galois keys is more than the {context.SlotCount} automorphisms there are");
        }

        var hasRelin = (flags & 1) != 0;
        var keyBytes = KeySwitchingKeyBytes(context, level);
        reader.RequireTotalLength(FheBlob.HeaderLength + 4 + (hasRelin ? keyBytes : 0) + (long)count * (4 + keyBytes),
            $"evaluation keys at level {level} with {(hasRelin ? "a" : "no")} relinearization key and {count} Galois keys");
        var relin = hasRelin ? ReadKey(context, ref reader, level) : null;
        var galois = new Dictionary<ulong, KeySwitchingKey>(count);
        ulong previous = 0;
        for (var i = 0; i < count; i++)
        {
            var g = (ulong)reader.ReadUInt32();
            if (!GaloisElements.IsValid(g, context.Degree))
            {
                throw new FheFormatException($"{g} is not a Galois element (odd, between 1 and {2 * context.Degree})");
            }

            if (g <= previous)
            {
                throw new FheFormatException("Galois elements must be strictly ascending");
            }

            previous = g;
            galois[g] = ReadKey(context, ref reader, level);
        }

        reader.RequireEnd();
        return new EvaluationKeys(context, header.KeyId, level, relin, galois);
    }

    internal static int WriteHeader(Span<byte> output, FheBlobKind kind, CkksParameterSetId parameterSet, FheKeyId keyId)
    {
        FheBlob.Magic.CopyTo(output);
        BinaryPrimitives.WriteUInt16LittleEndian(output[4..], FheBlob.CurrentVersion);
        output[6] = (byte)kind;
        output[7] = (byte)parameterSet;
        keyId.Write(output[8..]);
        return FheBlob.HeaderLength;
    }

    private static int[] CiphertextModuli(int level) => [.. Enumerable.Range(0, level + 1)];

    private static long PolyBytes(CkksContext context, int level, bool withSpecial)
    {
        long total = 0;
        for (var i = 0; i <= level; i++)
        {
            total += PolyPacking.PackedLimbBytes(context.Degree, context.Moduli[i].BitCount);
        }

        if (withSpecial)
        {
            total += PolyPacking.PackedLimbBytes(context.Degree, context.Moduli[context.SpecialIndex].BitCount);
        }

        return total;
    }

    private static long KeySwitchingKeyBytes(CkksContext context, int level) =>
        SeededUniform.SeedLength + (level + 1) * PolyBytes(context, level, withSpecial: true);

    private static int WriteKey(CkksContext context, KeySwitchingKey key, byte[] output, int at)
    {
        key.Seed.CopyTo(output.AsSpan(at));
        at += SeededUniform.SeedLength;
        var moduli = KeyExpansion.KeySwitchingModuli(context, key.Level);
        foreach (var digit in key.B)
        {
            at = WritePoly(context, digit, moduli, output, at);
        }

        return at;
    }

    private static KeySwitchingKey ReadKey(CkksContext context, ref FheReader reader, int level)
    {
        var seed = reader.ReadBytes(SeededUniform.SeedLength).ToArray();
        var moduli = KeyExpansion.KeySwitchingModuli(context, level);
        var b = new RnsPoly[level + 1];
        for (var i = 0; i <= level; i++)
        {
            b[i] = ReadPoly(context, ref reader, moduli);
        }

        return new KeySwitchingKey(context, level, seed, b);
    }

    /// <summary>An NTT-form polynomial written in coefficient form, limb by limb.</summary>
    private static int WritePoly(CkksContext context, RnsPoly poly, int[] moduli, byte[] output, int at)
    {
        var coefficients = new ulong[context.Degree];
        for (var limb = 0; limb < moduli.Length; limb++)
        {
            var modulus = context.Moduli[moduli[limb]];
            poly.Limb(limb).CopyTo(coefficients);
            context.Ntts[moduli[limb]].Inverse(coefficients);
            var length = PolyPacking.PackedLimbBytes(context.Degree, modulus.BitCount);
            PolyPacking.Pack(coefficients, modulus.BitCount, output.AsSpan(at, length));
            at += length;
        }

        return at;
    }

    private static RnsPoly ReadPoly(CkksContext context, ref FheReader reader, int[] moduli)
    {
        var poly = new RnsPoly(context.Degree, moduli.Length);
        for (var limb = 0; limb < moduli.Length; limb++)
        {
            reader.ReadPackedLimb(poly.Limb(limb), context.Moduli[moduli[limb]]);
            context.Ntts[moduli[limb]].Forward(poly.Limb(limb));
        }

        return poly;
    }
}
