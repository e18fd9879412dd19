namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// Hybrid key switching with one special prime and one RNS digit per prime. A polynomial d at level ℓ is decomposed
/// once into its digits [d]_(q_i) (centered coefficients in (−q_i/2, q_i/2]), each lifted to every target modulus q_0 … q_ℓ, P and put in
/// NTT form; applying a key is then an inner product with the key's (b_i, a_i) and a rounded division by P. Because
/// the decomposition commutes with automorphisms (a permutation of NTT slots), several rotations of one ciphertext
/// share one decomposition (hoisting).
/// </summary>
internal static class KeySwitcher
{
    /// <summary>Coefficients accumulated per pass (5 stack arrays of this many words: 10 KiB). Every supported N is a multiple.</summary>
    private const int AccumulatorChunk = 256;

    /// <summary>The digits of d, each over the targets q_0 … q_ℓ, P (limb ℓ+1 is P).</summary>
    internal sealed class Decomposition(int level, RnsPoly[] digits)
    {
        public int Level { get; } = level;

        public RnsPoly[] Digits { get; } = digits;
    }

    public static Decomposition Decompose(CkksContext context, RnsPoly d, int level)
    {
        var n = context.Degree;
        var targets = level + 2;
        var coefficients = new RnsPoly(n, level + 1);
        context.ForEachLimb(level + 1, i =>
        {
            d.Limb(i).CopyTo(coefficients.Limb(i));
            context.Ntts[i].Inverse(coefficients.Limb(i));
        });

        var digits = new RnsPoly[level + 1];
        for (var i = 0; i <= level; i++)
        {
            digits[i] = new RnsPoly(n, targets);
        }

        context.ForEachLimb(targets, t =>
        {
            var modulusIndex = t <= level ? t : context.SpecialIndex;
            var q = context.Moduli[modulusIndex];
            for (var i = 0; i <= level; i++)
            {
                var row = digits[i].Limb(t);
                if (t == i)
                {
                    d.Limb(i).CopyTo(row);
                    continue;
                }

                PolyArithmetic.CenteredReduce(coefficients.Limb(i), context.Moduli[i].Value, q, row);
                context.Ntts[modulusIndex].Forward(row);
            }
        });

        return new Decomposition(level, digits);
    }

    /// <summary>
    /// (k_0, k_1) over q_0 … q_ℓ with k_0 + k_1·s ≈ σ(d)·s', where σ is the automorphism given by
    /// <paramref name="permutation"/> (null: none) and the key encrypts s'.
    /// </summary>
    public static (RnsPoly K0, RnsPoly K1) Apply(CkksContext context, Decomposition decomposition, KeySwitchingKey key, int[]? permutation)
    {
        var level = decomposition.Level;
        if (key.Level < level)
        {
            throw new FheKeyException($"the evaluation key serves ciphertexts up to level {key.Level}, this one is at level {level}");
        }

        var n = context.Degree;
        var targets = level + 2;
        var acc0 = new RnsPoly(n, targets);
        var acc1 = new RnsPoly(n, targets);
        context.ForEachLimb(targets, t =>
        {
            var modulusIndex = t <= level ? t : context.SpecialIndex;
            var keyLimb = t <= level ? t : key.Level + 1;
            var q = context.Moduli[modulusIndex];
            var out0 = acc0.Limb(t);
            var out1 = acc1.Limb(t);

            // 128-bit accumulators for one chunk of coefficients at a time, on the stack: the sum over digits is reduced
            // once per coefficient, and nothing is allocated per call.
            Span<ulong> high0 = stackalloc ulong[AccumulatorChunk];
            Span<ulong> low0 = stackalloc ulong[AccumulatorChunk];
            Span<ulong> high1 = stackalloc ulong[AccumulatorChunk];
            Span<ulong> low1 = stackalloc ulong[AccumulatorChunk];
            Span<ulong> gathered = stackalloc ulong[AccumulatorChunk];
            for (var start = 0; start < n; start += AccumulatorChunk)
            {
                high0.Clear();
                low0.Clear();
                high1.Clear();
                low1.Clear();
                for (var i = 0; i <= level; i++)
                {
                    var digit = decomposition.Digits[i].Limb(t);
                    scoped ReadOnlySpan<ulong> x = digit.Slice(start, AccumulatorChunk);
                    if (permutation is not null)
                    {
                        for (var k = 0; k < AccumulatorChunk; k++)
                        {
                            gathered[k] = digit[permutation[start + k]];
                        }

                        x = gathered;
                    }

                    var b = key.B[i].Limb(keyLimb).Slice(start, AccumulatorChunk);
                    var a = key.A[i].Limb(keyLimb).Slice(start, AccumulatorChunk);
                    for (var k = 0; k < AccumulatorChunk; k++)
                    {
                        AddProduct(ref high0[k], ref low0[k], x[k], b[k]);
                        AddProduct(ref high1[k], ref low1[k], x[k], a[k]);
                    }
                }

                for (var k = 0; k < AccumulatorChunk; k++)
                {
                    // High words can exceed q after several products; reducing them first keeps the input below q·2^64.
                    out0[start + k] = q.Reduce128(q.Reduce(high0[k]), low0[k]);
                    out1[start + k] = q.Reduce128(q.Reduce(high1[k]), low1[k]);
                }
            }
        });

        var k0 = PolyArithmetic.DivideRoundByLast(context, acc0, level + 1, context.SpecialIndex, context.SpecialInverseModQ);
        var k1 = PolyArithmetic.DivideRoundByLast(context, acc1, level + 1, context.SpecialIndex, context.SpecialInverseModQ);
        return (k0, k1);
    }

    private static void AddProduct(ref ulong high, ref ulong low, ulong x, ulong y)
    {
        var h = Arithmetic.Modulus.MultiplyHigh(x, y);
        var l = x * y;
        var sum = low + l;
        high += h + (sum < low ? 1UL : 0UL);
        low = sum;
    }
}
