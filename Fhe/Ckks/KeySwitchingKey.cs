namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// Encryptions of P·s' under s, one per RNS digit: for digit i ≤ Level, b_i = −a_i·s + e_i + P·s'·[i-th prime only],
/// over q_0 … q_Level and P. Switching a polynomial d from s' to s is then Σ_i [d]_(q_i)·(b_i, a_i) divided by P.
/// The a_i come from one public seed (label i).
/// </summary>
internal sealed class KeySwitchingKey
{
    /// <summary>A key read back from its seed and b halves: the a halves are expanded again.</summary>
    public KeySwitchingKey(CkksContext context, int level, byte[] seed, RnsPoly[] b)
        : this(level, seed, b, ExpandA(context, level, seed, b.Length))
    {
    }

    private KeySwitchingKey(int level, byte[] seed, RnsPoly[] b, RnsPoly[] a)
    {
        Level = level;
        Seed = seed;
        B = b;
        A = a;
    }

    /// <summary>The highest ciphertext level this key can switch.</summary>
    public int Level { get; }

    public byte[] Seed { get; }

    /// <summary>One per digit 0 … Level, each with limbs q_0 … q_Level, P.</summary>
    public RnsPoly[] B { get; }

    public RnsPoly[] A { get; }

    public static KeySwitchingKey Create(CkksContext context, SecretKey secret, RnsPoly targetNtt, int level)
    {
        var moduli = KeyExpansion.KeySwitchingModuli(context, level);
        var n = context.Degree;
        var seed = SeededUniform.NewSeed();
        var b = new RnsPoly[level + 1];
        var aHalves = new RnsPoly[level + 1];
        var noise = new sbyte[n];
        for (var i = 0; i <= level; i++)
        {
            var a = aHalves[i] = KeyExpansion.UniformNtt(context, seed, (ulong)i, moduli);
            Sampling.CenteredBinomial(noise);
            var e = Sampling.ToNtt(context, noise, moduli);
            var bi = new RnsPoly(n, moduli.Length);
            for (var limb = 0; limb < moduli.Length; limb++)
            {
                var q = context.Moduli[moduli[limb]];
                var s = secret.Ntt.Limb(moduli[limb]);
                var ar = a.Limb(limb);
                var er = e.Limb(limb);
                var row = bi.Limb(limb);
                for (var k = 0; k < n; k++)
                {
                    row[k] = q.Subtract(er[k], q.Multiply(ar[k], s[k]));
                }

                if (limb == i)
                {
                    var pModQ = context.SpecialModQ[i];
                    var target = targetNtt.Limb(i);
                    for (var k = 0; k < n; k++)
                    {
                        row[k] = q.Add(row[k], q.Multiply(pModQ, target[k]));
                    }
                }
            }

            b[i] = bi;
        }

        System.Security.Cryptography.CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(noise.AsSpan()));
        return new KeySwitchingKey(level, seed, b, aHalves);
    }

    private static RnsPoly[] ExpandA(CkksContext context, int level, byte[] seed, int digits)
    {
        var moduli = KeyExpansion.KeySwitchingModuli(context, level);
        var a = new RnsPoly[digits];
        for (var i = 0; i < digits; i++)
        {
            a[i] = KeyExpansion.UniformNtt(context, seed, (ulong)i, moduli);
        }

        return a;
    }
}
