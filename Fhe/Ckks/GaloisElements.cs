namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// Slot rotations as ring automorphisms X ↦ X^g. Slot j holds the value at ζ^(5^j), so X ↦ X^(5^r) moves slot j + r to
/// slot j: a rotation to the left by r. 5 has order N/2 modulo 2N, so rotations are cyclic over the N/2 slots.
/// </summary>
public static class GaloisElements
{
    /// <summary>The Galois element of a rotation to the left by <paramref name="steps"/> slots (negative: to the right).</summary>
    public static ulong ForRotation(int steps, int polyDegree)
    {
        var slots = polyDegree / 2;
        var r = ((steps % slots) + slots) % slots;
        var twoN = 2UL * (ulong)polyDegree;
        ulong g = 1;
        for (var i = 0; i < r; i++)
        {
            g = g * 5 % twoN;
        }

        return g;
    }

    /// <summary>X ↦ X^(2N-1): complex conjugation of every slot.</summary>
    public static ulong ForConjugation(int polyDegree) => 2UL * (ulong)polyDegree - 1;

    /// <summary>Whether g is a valid automorphism other than the identity: odd and in (1, 2N).</summary>
    public static bool IsValid(ulong g, int polyDegree) => (g & 1) == 1 && g > 1 && g < 2UL * (ulong)polyDegree;
}
