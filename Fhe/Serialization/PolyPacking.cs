namespace Aitbc.Orleans.Fhe.Serialization;

/// <summary>Residues packed at the bit width of their prime, little-endian bit order (a 40-bit prime costs 5 bytes per coefficient, not 8).</summary>
internal static class PolyPacking
{
    public static int PackedLimbBytes(int count, int width) => (int)(((long)count * width + 7) / 8);

    public static void Pack(ReadOnlySpan<ulong> values, int width, Span<byte> destination)
    {
        UInt128 buffer = 0;
        var bits = 0;
        var at = 0;
        foreach (var v in values)
        {
            buffer |= (UInt128)v << bits;
            bits += width;
            while (bits >= 8)
            {
                destination[at++] = (byte)buffer;
                buffer >>= 8;
                bits -= 8;
            }
        }

        if (bits > 0)
        {
            destination[at] = (byte)buffer;
        }
    }

    /// <summary>False when a value is ≥ q (the whole limb is read either way).</summary>
    public static bool Unpack(ReadOnlySpan<byte> packed, Span<ulong> destination, int width, ulong q)
    {
        var mask = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        UInt128 buffer = 0;
        var bits = 0;
        var at = 0;
        var valid = true;
        for (var i = 0; i < destination.Length; i++)
        {
            while (bits < width)
            {
                buffer |= (UInt128)packed[at++] << bits;
                bits += 8;
            }

            var v = (ulong)buffer & mask;
            buffer >>= width;
            bits -= width;
            destination[i] = v;
            valid &= v < q;
        }

        // Padding bits of the last byte must be zero, so each value has one encoding.
        return valid && buffer == 0;
    }
}
