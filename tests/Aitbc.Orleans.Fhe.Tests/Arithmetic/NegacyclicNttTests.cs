using Aitbc.Orleans.Fhe.Arithmetic;

namespace Aitbc.Orleans.Fhe.Tests.Arithmetic;

/// <summary>
/// Known answers for the NTT: fixed vectors computed independently (direct evaluation a(ψ^(2·rev(i)+1)) with Python's
/// big integers, checked in), and products against schoolbook negacyclic convolution.
/// </summary>
public sealed class NegacyclicNttTests
{
    [Fact]
    public void Matches_checked_in_vectors()
    {
        var small = new NegacyclicNtt(new Modulus(17), 8);
        Assert.Equal(3UL, small.Psi);
        var a = new ulong[] { 1, 2, 3, 4, 5, 6, 7, 8 };
        small.Forward(a);
        Assert.Equal(new ulong[] { 5, 0, 13, 8, 9, 11, 5, 8 }, a);

        var large = new NegacyclicNtt(new Modulus(1125899906826241UL), 16);
        Assert.Equal(112565216390489UL, large.Psi);
        var b = new ulong[]
        {
            1067201979659320, 444529763028279, 54364196807760, 924672410201907, 105980619624491, 656160904301048,
            1024233985082485, 241727233806069, 96765774221528, 470820472448858, 270961196796815, 620421300418521,
            66552341547558, 636646553588911, 1066732969098275, 710019182375001,
        };
        var input = (ulong[])b.Clone();
        large.Forward(b);
        Assert.Equal(new ulong[]
        {
            830235093315848, 371556220864983, 907230424430174, 702389698886972, 270075198490285, 709259269919343,
            505096570397039, 25593102778580, 723484641548609, 66629078550320, 787603734878526, 477452322139736,
            120340534090470, 904300022773686, 953765758066863, 838920655633999,
        }, b);
        large.Inverse(b);
        Assert.Equal(input, b);
    }

    [Theory]
    [InlineData(17UL, 8)]
    [InlineData(97UL, 16)]
    [InlineData(1099511480321UL, 64)]
    [InlineData(1125899906826241UL, 256)]
    [InlineData(281474976694273UL, 1024)]
    public void Slot_i_evaluates_at_psi_to_the_2_rev_i_plus_1(ulong q, int n)
    {
        var ntt = new NegacyclicNtt(new Modulus(q), n);
        var random = new Random(n);
        var a = Enumerable.Range(0, n).Select(_ => (ulong)random.NextInt64(0, (long)q)).ToArray();
        var transformed = (ulong[])a.Clone();
        ntt.Forward(transformed);
        foreach (var i in new[] { 0, 1, n / 2, n - 1 })
        {
            var point = NttPrimes.PowMod(ntt.Psi, (ulong)NegacyclicNtt.EvaluationExponent(i, ntt.LogDegree), q);
            ulong value = 0, power = 1;
            for (var k = 0; k < n; k++)
            {
                value = (ulong)(((UInt128)value + (UInt128)a[k] * power) % q);
                power = NttPrimes.MulMod(power, point, q);
            }

            Assert.Equal(value, transformed[i]);
        }
    }

    [Theory]
    [InlineData(17UL, 8)]
    [InlineData(1099511480321UL, 32)]
    [InlineData(1125899906826241UL, 128)]
    [InlineData(1099511592961UL, 1024)]
    [InlineData(1099510824961UL, 8192)]
    public void Pointwise_products_are_negacyclic_convolutions(ulong q, int n)
    {
        var modulus = new Modulus(q);
        var ntt = new NegacyclicNtt(modulus, n);
        var random = new Random(3 + n);
        var a = Enumerable.Range(0, n).Select(_ => (ulong)random.NextInt64(0, (long)q)).ToArray();
        var b = Enumerable.Range(0, n).Select(_ => (ulong)random.NextInt64(0, (long)q)).ToArray();
        var expected = Schoolbook(a, b, q, n, checkEvery: n > 1024 ? 97 : 1);

        var x = (ulong[])a.Clone();
        var y = (ulong[])b.Clone();
        ntt.Forward(x);
        ntt.Forward(y);
        for (var i = 0; i < n; i++)
        {
            x[i] = modulus.Multiply(x[i], y[i]);
        }

        ntt.Inverse(x);
        foreach (var (index, value) in expected)
        {
            Assert.Equal(value, x[index]);
        }

        var roundTrip = (ulong[])a.Clone();
        ntt.Forward(roundTrip);
        ntt.Inverse(roundTrip);
        Assert.Equal(a, roundTrip);
    }

    [Fact]
    public void Multiplying_by_X_shifts_and_negates_the_top_coefficient()
    {
        const ulong q = 1099511480321UL;
        const int n = 64;
        var modulus = new Modulus(q);
        var ntt = new NegacyclicNtt(modulus, n);
        var a = Enumerable.Range(1, n).Select(i => (ulong)i).ToArray();
        var x = new ulong[n];
        x[1] = 1;
        ntt.Forward(a);
        ntt.Forward(x);
        for (var i = 0; i < n; i++)
        {
            a[i] = modulus.Multiply(a[i], x[i]);
        }

        ntt.Inverse(a);
        Assert.Equal(q - (ulong)n, a[0]); // X · X^(n−1)·n = −n
        Assert.Equal(Enumerable.Range(1, n - 1).Select(i => (ulong)i), a.Skip(1));
    }

    /// <summary>c = a·b mod (X^n + 1, q), directly from the definition (every <paramref name="checkEvery"/>-th coefficient).</summary>
    private static Dictionary<int, ulong> Schoolbook(ulong[] a, ulong[] b, ulong q, int n, int checkEvery)
    {
        var result = new Dictionary<int, ulong>();
        for (var k = 0; k < n; k += checkEvery)
        {
            UInt128 positive = 0, negative = 0;
            for (var i = 0; i < n; i++)
            {
                var j = k - i;
                var product = (UInt128)a[i] * b[j >= 0 ? j : j + n] % q;
                if (j >= 0)
                {
                    positive += product;
                }
                else
                {
                    negative += product; // X^(i+j') with i + j' ≥ n wraps with a minus sign
                }
            }

            result[k] = (ulong)((positive % q + q - negative % q) % q);
        }

        return result;
    }
}
