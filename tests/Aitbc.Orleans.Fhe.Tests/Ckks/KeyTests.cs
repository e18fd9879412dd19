using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Tests.Fixtures;

namespace Aitbc.Orleans.Fhe.Tests.Ckks;

public sealed class KeyTests(InsecureKeySet keys) : IClassFixture<InsecureKeySet>
{
    [Fact]
    public void Secret_keys_are_ternary_and_roughly_uniform()
    {
        var coefficients = keys.Secret.Coefficients;
        Assert.All(coefficients, c => Assert.InRange(c, -1, 1));
        var n = coefficients.Length;
        foreach (var value in new sbyte[] { -1, 0, 1 })
        {
            // Each value has probability 1/3: 1024 draws fall within ±6 standard deviations (≈ 91) of 341.
            Assert.InRange(coefficients.Count(c => c == value), n / 3 - 91, n / 3 + 91);
        }
    }

    [Fact]
    public void Secret_key_comparison_is_fixed_time_and_exact()
    {
        using var copy = SecretKey.Parse(keys.Secret.ToBytes());
        Assert.True(keys.Secret.FixedTimeEquals(copy));
        using var other = new KeyGenerator(keys.Context).CreateSecretKey();
        Assert.False(keys.Secret.FixedTimeEquals(other));
        var bytes = keys.Secret.ToBytes();
        bytes[^1] ^= 0b01; // flip one coefficient 0 ↔ 1 or −1 ↔ 10 (invalid) in the last byte
        if ((bytes[^1] & 3) != 2)
        {
            using var nearly = SecretKey.Parse(bytes);
            Assert.False(keys.Secret.FixedTimeEquals(nearly));
        }
    }

    [Fact]
    public void Printing_a_secret_key_shows_only_its_id()
    {
        Assert.Equal($"SecretKey({keys.Secret.KeyId})", keys.Secret.ToString());
    }

    [Fact]
    public void Disposing_a_secret_key_wipes_it()
    {
        var secret = new KeyGenerator(keys.Context).CreateSecretKey();
        Assert.Contains(secret.Coefficients, c => c != 0);
        secret.Dispose();
        Assert.All(secret.Coefficients, c => Assert.Equal(0, c));
        Assert.All(secret.Ntt.Data, v => Assert.Equal(0UL, v));
    }

    [Fact]
    public void Binomial_errors_have_the_standard_deviation_of_the_standard()
    {
        var errors = new sbyte[200_000];
        Sampling.CenteredBinomial(errors);
        var mean = errors.Average(e => (double)e);
        var sigma = Math.Sqrt(errors.Average(e => (double)e * e) - mean * mean);
        Assert.InRange(mean, -0.05, 0.05);
        Assert.InRange(sigma, 3.19, 3.29); // √10.5 = 3.24
        Assert.All(errors, e => Assert.InRange(e, -Sampling.BinomialEta, Sampling.BinomialEta));
    }

    [Fact]
    public void Evaluation_keys_list_their_rotations()
    {
        Assert.True(keys.Evaluation.HasRelinearization);
        Assert.True(keys.Evaluation.CanRotate(3));
        Assert.True(keys.Evaluation.CanRotate(-4));
        Assert.False(keys.Evaluation.CanRotate(7));
        Assert.Equal(KeySetFixture.Rotations.Length, keys.Evaluation.GaloisElements.Count);
    }
}
