using Aitbc.Orleans.Fhe.Arithmetic;
using Aitbc.Orleans.Fhe.Ckks;

namespace Aitbc.Orleans.Fhe.Tests.Arithmetic;

public sealed class NttPrimesTests
{
    [Theory]
    [InlineData(2UL, true)]
    [InlineData(97UL, true)]
    [InlineData(561UL, false)]                     // Carmichael number
    [InlineData(3215031751UL, false)]              // strong pseudoprime to bases 2, 3, 5 and 7
    [InlineData(3825123056546413051UL, false)]     // strong pseudoprime to bases 2 … 23
    [InlineData(2305843009213693951UL, true)]      // 2^61 − 1
    [InlineData(18446744073709551557UL, true)]     // the largest 64-bit prime
    [InlineData(18446744073709551615UL, false)]
    [InlineData(1UL, false)]
    public void Miller_Rabin_is_deterministic_for_64_bit_integers(ulong n, bool prime) => Assert.Equal(prime, NttPrimes.IsPrime(n));

    [Theory]
    [InlineData(CkksParameterSetId.Standard128N8192)]
    [InlineData(CkksParameterSetId.InsecureTestN1024)]
    public void Parameter_primes_are_the_largest_NTT_primes_of_their_sizes(CkksParameterSetId id)
    {
        var p = CkksParameters.FromId(id);
        var n = p.PolyDegree;
        Assert.Equal(NttPrimes.FindBelow(50, n, 1), p.CiphertextPrimes.Take(1));
        Assert.Equal(NttPrimes.FindBelow(40, n, 3), p.CiphertextPrimes.Skip(1));
        Assert.Equal(NttPrimes.FindBelow(48, n, 1)[0], p.SpecialPrime);
        foreach (var q in p.CiphertextPrimes.Append(p.SpecialPrime))
        {
            Assert.True(NttPrimes.IsPrime(q));
            Assert.Equal(1UL, q % (2UL * (ulong)n));
        }

        Assert.Equal(p.CiphertextPrimes.Count + 1, p.CiphertextPrimes.Append(p.SpecialPrime).Distinct().Count());
    }

    [Fact]
    public void Minimal_primitive_root_has_order_2N_and_is_minimal()
    {
        const ulong q = 1099511480321UL;
        const int n = 8192;
        var psi = NttPrimes.MinimalPrimitiveRoot(q, n);
        Assert.Equal(q - 1, NttPrimes.PowMod(psi, n, q));
        Assert.Equal(1UL, NttPrimes.PowMod(psi, 2 * n, q));
        // Every primitive 2N-th root is psi^k for odd k; none is smaller.
        var square = NttPrimes.MulMod(psi, psi, q);
        var current = psi;
        for (var k = 0; k < n; k++, current = NttPrimes.MulMod(current, square, q))
        {
            Assert.True(current >= psi);
        }

        Assert.Equal(3UL, NttPrimes.MinimalPrimitiveRoot(17, 8));
        Assert.Throws<ArgumentException>(() => NttPrimes.MinimalPrimitiveRoot(19, 8));
    }
}
