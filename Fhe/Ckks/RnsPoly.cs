namespace Aitbc.Orleans.Fhe.Ckks;

/// <summary>
/// A polynomial of Z_Q[X]/(X^N + 1) in residue-number-system form: one row (limb) of N residues per prime, stored
/// contiguously. Which prime each limb belongs to is fixed by the owner (a ciphertext at level ℓ holds q_0 … q_ℓ; a
/// key-switching polynomial holds q_0 … q_ℓ and then P).
/// </summary>
internal sealed class RnsPoly
{
    public RnsPoly(int degree, int limbCount)
    {
        Degree = degree;
        LimbCount = limbCount;
        Data = new ulong[degree * limbCount];
    }

    private RnsPoly(int degree, int limbCount, ulong[] data)
    {
        Degree = degree;
        LimbCount = limbCount;
        Data = data;
    }

    public int Degree { get; }

    public int LimbCount { get; }

    public ulong[] Data { get; }

    public Span<ulong> Limb(int limb) => Data.AsSpan(limb * Degree, Degree);

    public RnsPoly Clone() => new(Degree, LimbCount, (ulong[])Data.Clone());

    /// <summary>The first <paramref name="limbCount"/> limbs as a new polynomial (dropping primes from the top of the chain).</summary>
    public RnsPoly Prefix(int limbCount)
    {
        var copy = new RnsPoly(Degree, limbCount);
        Data.AsSpan(0, limbCount * Degree).CopyTo(copy.Data);
        return copy;
    }
}
