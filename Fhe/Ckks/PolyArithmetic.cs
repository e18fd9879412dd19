namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// Limb-wise arithmetic on NTT-form RNS polynomials whose limb i belongs to the context modulus moduli[i] (the first
/// limbs of a ciphertext, or a key-switching polynomial ending in P). Loops over residues; limbs in parallel for large rings.
/// </summary>
internal static class PolyArithmetic
{
    public static void Add(CkksContext context, RnsPoly a, RnsPoly b, RnsPoly result, int limbs)
    {
        var n = context.Degree;
        for (var limb = 0; limb < limbs; limb++)
        {
            var q = context.Moduli[limb].Value;
            var x = a.Data.AsSpan(limb * n, n);
            var y = b.Data.AsSpan(limb * n, n);
            var r = result.Data.AsSpan(limb * n, n);
            for (var k = 0; k < n; k++)
            {
                var s = x[k] + y[k];
                r[k] = Arithmetic.Modulus.ReduceOnce(s, q);
            }
        }
    }

    public static void Subtract(CkksContext context, RnsPoly a, RnsPoly b, RnsPoly result, int limbs)
    {
        var n = context.Degree;
        for (var limb = 0; limb < limbs; limb++)
        {
            var q = context.Moduli[limb].Value;
            var x = a.Data.AsSpan(limb * n, n);
            var y = b.Data.AsSpan(limb * n, n);
            var r = result.Data.AsSpan(limb * n, n);
            for (var k = 0; k < n; k++)
            {
                var d = x[k] - y[k];
                r[k] = Arithmetic.Modulus.AddIfNegative(d, q);
            }
        }
    }

    public static void Negate(CkksContext context, RnsPoly a, RnsPoly result, int limbs)
    {
        var n = context.Degree;
        for (var limb = 0; limb < limbs; limb++)
        {
            var q = context.Moduli[limb].Value;
            var x = a.Data.AsSpan(limb * n, n);
            var r = result.Data.AsSpan(limb * n, n);
            for (var k = 0; k < n; k++)
            {
                r[k] = x[k] == 0 ? 0 : q - x[k];
            }
        }
    }

    /// <summary>result = a ⊙ b on limbs 0 … limbs−1 (result may alias a or b).</summary>
    public static void Multiply(CkksContext context, RnsPoly a, RnsPoly b, RnsPoly result, int limbs)
    {
        var n = context.Degree;
        context.ForEachLimb(limbs, limb =>
        {
            var q = context.Moduli[limb];
            var x = a.Data.AsSpan(limb * n, n);
            var y = b.Data.AsSpan(limb * n, n);
            var r = result.Data.AsSpan(limb * n, n);
            for (var k = 0; k < n; k++)
            {
                r[k] = q.Multiply(x[k], y[k]);
            }
        });
    }

    /// <summary>result += a ⊙ b on limbs 0 … limbs−1.</summary>
    public static void MultiplyAdd(CkksContext context, RnsPoly a, RnsPoly b, RnsPoly result, int limbs)
    {
        var n = context.Degree;
        context.ForEachLimb(limbs, limb =>
        {
            var q = context.Moduli[limb];
            var x = a.Data.AsSpan(limb * n, n);
            var y = b.Data.AsSpan(limb * n, n);
            var r = result.Data.AsSpan(limb * n, n);
            for (var k = 0; k < n; k++)
            {
                r[k] = q.Add(r[k], q.Multiply(x[k], y[k]));
            }
        });
    }

    /// <summary>The automorphism X ↦ X^g on NTT-form limbs: result[k] = a[perm[k]] (result must not alias a).</summary>
    public static void Permute(CkksContext context, RnsPoly a, RnsPoly result, int limbs, int[] permutation)
    {
        var n = context.Degree;
        for (var limb = 0; limb < limbs; limb++)
        {
            var x = a.Data.AsSpan(limb * n, n);
            var r = result.Data.AsSpan(limb * n, n);
            for (var k = 0; k < n; k++)
            {
                r[k] = x[permutation[k]];
            }
        }
    }

    /// <summary>
    /// round(a / q_last) over the other limbs, for an NTT-form polynomial whose last limb (index
    /// <paramref name="lastLimb"/>) is modulo context modulus <paramref name="lastModulus"/> and whose limbs 0 … lastLimb−1
    /// are modulo q_0 … q_(lastLimb−1): the last limb is brought to coefficients, centered, reduced into each other
    /// prime and subtracted, and the difference multiplied by q_last^(−1). Rescaling (last = q_ℓ) and the key-switching
    /// mod-down (last = P) are both this.
    /// </summary>
    public static RnsPoly DivideRoundByLast(CkksContext context, RnsPoly a, int lastLimb, int lastModulus, ulong[] lastInverseModQ)
    {
        var n = context.Degree;
        var last = a.Data.AsSpan(lastLimb * n, n).ToArray();
        context.Ntts[lastModulus].Inverse(last);
        var lastValue = context.Moduli[lastModulus].Value;
        var result = new RnsPoly(n, lastLimb);
        context.ForEachLimb(lastLimb, j =>
        {
            var q = context.Moduli[j];
            var row = result.Limb(j);
            CenteredReduce(last, lastValue, q, row);
            context.Ntts[j].Forward(row);
            var inverse = lastInverseModQ[j];
            var source = a.Data.AsSpan(j * n, n);
            for (var k = 0; k < n; k++)
            {
                row[k] = q.Multiply(q.Subtract(source[k], row[k]), inverse);
            }
        });

        return result;
    }

    /// <summary>
    /// Residues modulo p (in [0, p)) read as centered integers in (−p/2, p/2] and reduced modulo q. Centering keeps
    /// rounding and key-switching digits zero-mean: unsigned digits have mean p/2, and p/2 times the all-ones
    /// polynomial has a canonical embedding of size ~N at the slots near 1, which showed as a 20× larger rotation error.
    /// </summary>
    public static void CenteredReduce(ReadOnlySpan<ulong> source, ulong p, Arithmetic.Modulus q, Span<ulong> destination)
    {
        var half = p >> 1;
        var pModQ = q.Reduce(p);
        for (var k = 0; k < source.Length; k++)
        {
            var r = source[k];
            var reduced = q.Reduce(r);
            destination[k] = r > half ? q.Subtract(reduced, pModQ) : reduced;
        }
    }
}
