using Aitbc.Orleans.Fhe.Arithmetic;

namespace Aitbc.Orleans.Fhe.Tests.Arithmetic;

/// <summary>Barrett and Shoup reductions against UInt128 division, on random and edge inputs.</summary>
public sealed class ModulusTests
{
    public static TheoryData<ulong> Moduli => [17UL, 1099511480321UL, 1125899906826241UL, 281474976694273UL, (1UL << 61) - 1];

    [Theory]
    [MemberData(nameof(Moduli))]
    public void Reductions_agree_with_division(ulong q)
    {
        var modulus = new Modulus(q);
        var random = new Random(1);
        var edges = new[] { 0UL, 1UL, q - 1, q, q + 1, 2 * q - 1, ulong.MaxValue };
        foreach (var x in edges.Concat(Enumerable.Range(0, 2000).Select(_ => (ulong)random.NextInt64() * 2 + 1)))
        {
            Assert.Equal(x % q, modulus.Reduce(x));
        }

        for (var i = 0; i < 2000; i++)
        {
            var a = (ulong)random.NextInt64(0, (long)Math.Min(q, long.MaxValue));
            var b = i == 0 ? q - 1 : (ulong)random.NextInt64(0, (long)Math.Min(q, long.MaxValue));
            var expected = (ulong)((UInt128)a * b % q);
            Assert.Equal(expected, modulus.Multiply(a, b));
            var w = b;
            var shoup = modulus.ShoupPrecompute(w);
            var x = (ulong)random.NextInt64() * 2; // any 64-bit input is allowed
            var lazy = Modulus.MultiplyShoupLazy(x, w, shoup, q);
            Assert.True(lazy < 2 * q);
            Assert.Equal((ulong)((UInt128)x * w % q), lazy % q);
            Assert.Equal((ulong)((UInt128)x * w % q), Modulus.MultiplyShoup(x, w, shoup, q));
        }
    }

    [Theory]
    [MemberData(nameof(Moduli))]
    public void Reduce128_handles_every_input_below_q_times_two_to_the_64(ulong q)
    {
        var modulus = new Modulus(q);
        var random = new Random(2);
        for (var i = 0; i < 2000; i++)
        {
            var high = (ulong)random.NextInt64(0, (long)Math.Min(q, long.MaxValue));
            var low = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
            var value = ((UInt128)high << 64) | low;
            Assert.Equal((ulong)(value % q), modulus.Reduce128(high, low));
        }

        Assert.Equal((ulong)(((((UInt128)(q - 1)) << 64) | ulong.MaxValue) % q), modulus.Reduce128(q - 1, ulong.MaxValue));
    }

    [Fact]
    public void Signed_values_inverses_and_powers()
    {
        var modulus = new Modulus(1099511480321UL);
        Assert.Equal(modulus.Value - 5, modulus.FromSigned(-5));
        Assert.Equal(5UL, modulus.FromSigned(5));
        Assert.Equal((ulong)(((UInt128)1 << 63) % modulus.Value) is var r && r == 0 ? 0 : modulus.Value - r, modulus.FromSigned(long.MinValue));
        for (ulong a = 1; a < 200; a++)
        {
            Assert.Equal(1UL, modulus.Multiply(a, modulus.Inverse(a)));
        }

        Assert.Equal(1UL, modulus.Pow(3, modulus.Value - 1)); // Fermat
        Assert.Throws<ArgumentException>(() => modulus.Inverse(modulus.Value));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(2UL)]
    [InlineData(1UL << 62)]
    public void Rejects_unusable_moduli(ulong value) => Assert.Throws<ArgumentOutOfRangeException>(() => new Modulus(value));
}
