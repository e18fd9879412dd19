using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Tests.Fixtures;

namespace Aitbc.Orleans.Fhe.Tests.Ckks;

/// <summary>Encode/decode and encrypt/decrypt round trips on seeded random vectors, within the stated precision.</summary>
public sealed class EncryptionTests(InsecureKeySet keys) : IClassFixture<InsecureKeySet>
{
    /// <summary>Encoding alone rounds each coefficient: slot error ≈ √N / Δ.</summary>
    public const double EncodingTolerance = 1e-9;

    /// <summary>Fresh encryption adds noise of a few times √N·σ before division by Δ = 2^40.</summary>
    public const double FreshTolerance = 1e-6;

    [Theory]
    [InlineData(1, 0, 1.0)]
    [InlineData(2, 3, 1.0)]
    [InlineData(3, 1, 1000.0)]
    [InlineData(4, 2, 1e-3)]
    public void Encode_then_decode_returns_the_values(int seed, int level, double bound)
    {
        var random = new Random(seed);
        var values = RandomVectors.Uniform(random, keys.Context.SlotCount, bound);
        var plaintext = keys.Context.Encoder.Encode(values, level, keys.Scale);
        Assert.Equal(level, plaintext.Level);
        RandomVectors.AssertClose(values, keys.Context.Encoder.Decode(plaintext), EncodingTolerance * Math.Max(1, bound), seed);
    }

    [Fact]
    public void Short_vectors_are_zero_padded_and_huge_scales_are_exact()
    {
        var plaintext = keys.Context.Encoder.Encode([0.5, -0.25, 3], 3, Math.Pow(2, 90));
        var decoded = keys.Context.Encoder.Decode(plaintext);
        RandomVectors.AssertClose([0.5, -0.25, 3, 0, 0], decoded.AsSpan(0, 5), 1e-12, 0);
        Assert.True(decoded.Skip(3).All(v => Math.Abs(v) < 1e-12));
    }

    [Theory]
    [InlineData(11, 3)]
    [InlineData(12, 2)]
    [InlineData(13, 1)]
    [InlineData(14, 0)]
    public void Encrypt_then_decrypt_returns_the_values(int seed, int level)
    {
        var random = new Random(seed);
        var values = RandomVectors.Uniform(random, keys.Context.SlotCount);
        var ciphertext = keys.Encryptor.Encrypt(values, level);
        Assert.Equal(level, ciphertext.Level);
        Assert.Equal(keys.Secret.KeyId, ciphertext.KeyId);
        RandomVectors.AssertClose(values, keys.Decryptor.DecryptValues(ciphertext), FreshTolerance, seed);
    }

    [Fact]
    public void Two_encryptions_of_the_same_values_differ()
    {
        double[] values = [1, 2, 3];
        var a = keys.Encryptor.Encrypt(values).ToBytes();
        var b = keys.Encryptor.Encrypt(values).ToBytes();
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Values_too_large_for_the_modulus_are_refused()
    {
        var error = Assert.Throws<FheBudgetExceededException>(() => keys.Context.Encoder.Encode([1e6], 0, keys.Scale));
        Assert.Contains("do not fit under the modulus", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => keys.Context.Encoder.Encode([double.NaN], 0, keys.Scale));
        Assert.Throws<ArgumentException>(() => keys.Context.Encoder.Encode(new double[keys.Context.SlotCount + 1], 0, keys.Scale));
    }

    [Fact]
    public void A_ciphertext_under_another_key_set_is_refused_by_the_decryptor()
    {
        var generator = new KeyGenerator(keys.Context);
        using var other = generator.CreateSecretKey();
        var foreign = new Encryptor(keys.Context, generator.CreatePublicKey(other)).Encrypt([1.0]);
        var error = Assert.Throws<FheKeyException>(() => keys.Decryptor.DecryptValues(foreign));
        Assert.Contains("key set", error.Message, StringComparison.Ordinal);
    }
}
