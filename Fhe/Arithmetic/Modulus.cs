using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Aitbc.Orleans.Fhe.Arithmetic;

/// <summary>
/// A word-sized odd modulus q &lt; 2^62 with precomputed Barrett constants, so that products and reductions never
/// divide in hot loops. The 62-bit bound leaves room for the lazy [0, 4q) ranges of the NTT butterflies. Conditional
/// corrections are sign-mask arithmetic (<see cref="ReduceOnce"/>), not branches: on random residues a branch
/// mispredicts half the time.
/// </summary>
public sealed class Modulus
{
    /// <summary>The largest modulus this type accepts: 4q must fit in a 64-bit word.</summary>
    public const int MaxBitCount = 61;

    /// <summary>floor(2^128 / q), low and high words: Barrett reduction of 128-bit products.</summary>
    private readonly ulong _ratioLow;
    private readonly ulong _ratioHigh;

    /// <summary>floor(2^64 / q): Barrett reduction of single words.</summary>
    private readonly ulong _ratio64;

    public Modulus(ulong value)
    {
        if (value < 3 || (value & 1) == 0 || value >> MaxBitCount != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"a modulus must be odd, at least 3 and below 2^{MaxBitCount}");
        }

        Value = value;
        BitCount = 64 - System.Numerics.BitOperations.LeadingZeroCount(value);
        var ratio = UInt128.MaxValue / value; // floor((2^128 - 1) / q) == floor(2^128 / q) for q not a power of two
        _ratioLow = (ulong)ratio;
        _ratioHigh = (ulong)(ratio >> 64);
        _ratio64 = ulong.MaxValue / value;
    }

    public ulong Value { get; }

    public int BitCount { get; }

    /// <summary>x mod q for any 64-bit x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Reduce(ulong x)
    {
        var estimate = MultiplyHigh(x, _ratio64);
        var r = x - estimate * Value;
        return ReduceOnce(r, Value);
    }

    /// <summary>(high·2^64 + low) mod q, for inputs below q·2^64 (every product of two residues and short sums of them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Reduce128(ulong high, ulong low)
    {
        // floor(z·R / 2^128) with R = floor(2^128/q) is floor(z/q) or one less; only its low word is needed.
        var a1 = MultiplyHigh(low, _ratioLow);
        var b1 = MultiplyHigh(low, _ratioHigh);
        var b0 = low * _ratioHigh;
        var c1 = MultiplyHigh(high, _ratioLow);
        var c0 = high * _ratioLow;
        var middle = a1 + b0;
        var carry = middle < a1 ? 1UL : 0UL;
        var sum = middle + c0;
        carry += sum < middle ? 1UL : 0UL;
        var quotient = high * _ratioHigh + b1 + c1 + carry;
        var r = low - quotient * Value;
        return ReduceOnce(r, Value);
    }

    /// <summary>a·b mod q for residues a, b &lt; q.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Multiply(ulong a, ulong b) => Reduce128(MultiplyHigh(a, b), a * b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Add(ulong a, ulong b)
    {
        var s = a + b;
        return ReduceOnce(s, Value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Subtract(ulong a, ulong b)
    {
        var d = a - b;
        return AddIfNegative(d, Value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Negate(ulong a) => a == 0 ? 0 : Value - a;

    /// <summary>A signed integer as a residue.</summary>
    public ulong FromSigned(long x)
    {
        // |x| without overflow at long.MinValue.
        var magnitude = x >= 0 ? (ulong)x : (ulong)(-(x + 1)) + 1;
        var r = Reduce(magnitude);
        return x >= 0 ? r : Negate(r);
    }

    public ulong Pow(ulong baseValue, ulong exponent)
    {
        var result = 1UL;
        var b = Reduce(baseValue);
        while (exponent != 0)
        {
            if ((exponent & 1) != 0)
            {
                result = Multiply(result, b);
            }

            b = Multiply(b, b);
            exponent >>= 1;
        }

        return result;
    }

    /// <summary>The inverse of a (not zero) modulo the prime q, by Fermat.</summary>
    public ulong Inverse(ulong a)
    {
        var r = Reduce(a);
        if (r == 0)
        {
            throw new ArgumentException("zero has no inverse", nameof(a));
        }

        return Pow(r, Value - 2);
    }

    /// <summary>The Shoup companion of a constant w &lt; q: floor(w·2^64 / q).</summary>
    public ulong ShoupPrecompute(ulong w) => (ulong)(((UInt128)w << 64) / Value);

    /// <summary>w·x mod q in [0, 2q) for any 64-bit x, given w &lt; q and its Shoup companion (one high multiply, no reduction).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MultiplyShoupLazy(ulong x, ulong w, ulong wShoup, ulong q)
    {
        return x * w - MultiplyHigh(x, wShoup) * q;
    }

    /// <summary>w·x mod q in [0, q), as <see cref="MultiplyShoupLazy"/> with the final correction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MultiplyShoup(ulong x, ulong w, ulong wShoup, ulong q)
    {
        var r = MultiplyShoupLazy(x, w, wShoup, q);
        return ReduceOnce(r, q);
    }

    /// <summary>x − m if x ≥ m, else x; for x, m &lt; 2^63, without a branch (the sign of x − m is the mask).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReduceOnce(ulong x, ulong m)
    {
        var d = x - m;
        return d + (m & (ulong)((long)d >> 63));
    }

    /// <summary>d + m if d, read as signed, is negative (a wrapped a − b), else d; without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AddIfNegative(ulong d, ulong m) => d + (m & (ulong)((long)d >> 63));

    /// <summary>
    /// The high word of a 64×64-bit product. The intrinsics return it in a register; Math.BigMul's out parameter made
    /// the JIT store the unused low word to the stack inside the NTT's inner loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MultiplyHigh(ulong a, ulong b)
    {
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.MultiplyNoFlags(a, b);
        }

        if (ArmBase.Arm64.IsSupported)
        {
            return ArmBase.Arm64.MultiplyHigh(a, b);
        }

        return (ulong)(((UInt128)a * b) >> 64);
    }

    public override string ToString() => $"{Value} ({BitCount} bits)";
}
