namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>Uniform polynomials from a seed, limb by limb in the order given, then to NTT form.</summary>
internal static class KeyExpansion
{
    public static RnsPoly UniformNtt(CkksContext context, ReadOnlySpan<byte> seed, ulong label, ReadOnlySpan<int> moduli)
    {
        var poly = new RnsPoly(context.Degree, moduli.Length);
        using (var generator = new SeededUniform(seed, label))
        {
            for (var limb = 0; limb < moduli.Length; limb++)
            {
                generator.Fill(poly.Limb(limb), context.Moduli[moduli[limb]].Value);
            }
        }

        for (var limb = 0; limb < moduli.Length; limb++)
        {
            context.Ntts[moduli[limb]].Forward(poly.Limb(limb));
        }

        return poly;
    }

    /// <summary>The moduli of a key-switching polynomial at key level ℓ: q_0 … q_ℓ, then P.</summary>
    public static int[] KeySwitchingModuli(CkksContext context, int level) =>
        [.. Enumerable.Range(0, level + 1), context.SpecialIndex];
}
