using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Tests.Fixtures;

namespace Aitbc.Orleans.Fhe.Tests.Ckks;

/// <summary>The evaluator refuses, with a clear error, every operation that would exceed the level or scale budget or mix keys.</summary>
public sealed class BudgetTests(InsecureKeySet keys) : IClassFixture<InsecureKeySet>
{
    [Fact]
    public void Rescaling_at_level_zero_is_refused_as_levels_exhausted()
    {
        var c = keys.Encryptor.Encrypt([0.5], level: 0);
        var error = Assert.Throws<FheBudgetExceededException>(() => keys.Evaluator.Rescale(keys.Evaluator.MultiplyPlain(c, keys.Context.Encoder.Encode([0.5], 0, 2))));
        Assert.Contains("levels exhausted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_product_whose_scale_outgrows_the_modulus_is_refused_as_scale_overflow()
    {
        // Level 1: Q = q_0·q_1 ≈ 2^90; 2^40 · 2^40 fits, a third factor of 2^40 does not.
        var c = keys.Encryptor.Encrypt([0.5], level: 1);
        var weights = keys.Context.Encoder.Encode([0.5], 1, keys.Scale);
        var once = keys.Evaluator.MultiplyPlain(c, weights);
        var error = Assert.Throws<FheBudgetExceededException>(() => keys.Evaluator.MultiplyPlain(once, weights));
        Assert.Contains("scale overflow", error.Message, StringComparison.Ordinal);
        Assert.Throws<FheBudgetExceededException>(() => keys.Evaluator.Multiply(c, keys.Evaluator.Relinearize(keys.Evaluator.Multiply(c, c))));
    }

    [Fact]
    public void Rescaling_a_ciphertext_that_was_never_multiplied_is_refused_as_scale_underflow()
    {
        var c = keys.Encryptor.Encrypt([0.5], level: 2, scale: 1 << 20);
        Assert.Contains("scale underflow", Assert.Throws<FheBudgetExceededException>(() => keys.Evaluator.Rescale(c)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_depth_four_computation_is_refused_at_the_fourth_product()
    {
        var c = keys.Encryptor.Encrypt([0.9]);
        for (var i = 0; i < keys.Context.MaxLevel; i++)
        {
            c = keys.Evaluator.Rescale(keys.Evaluator.Relinearize(keys.Evaluator.Square(c)));
        }

        Assert.Equal(0, c.Level);
        // At level 0 only q_0 (50 bits) is left: a product at scale 2^80 cannot be represented.
        Assert.Contains("scale overflow", Assert.Throws<FheBudgetExceededException>(() => keys.Evaluator.Square(c)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_ciphertexts_at_different_scales_or_levels_is_refused()
    {
        var a = keys.Encryptor.Encrypt([1.0]);
        var b = keys.Encryptor.Encrypt([1.0], scale: keys.Scale * 2);
        Assert.Contains("scale", Assert.Throws<ArgumentException>(() => keys.Evaluator.Add(a, b)).Message, StringComparison.Ordinal);
        var low = keys.Encryptor.Encrypt([1.0], level: 1);
        Assert.Contains("DropToLevel", Assert.Throws<ArgumentException>(() => keys.Evaluator.Add(a, low)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => keys.Evaluator.MultiplyPlain(a, keys.Context.Encoder.Encode([1.0], 1, keys.Scale)));
    }

    [Fact]
    public void Missing_keys_and_foreign_ciphertexts_are_refused()
    {
        var c = keys.Encryptor.Encrypt([1.0]);
        Assert.Contains("rotation by 7", Assert.Throws<FheKeyException>(() => keys.Evaluator.Rotate(c, 7)).Message, StringComparison.Ordinal);
        var keyless = new CkksEvaluator(keys.Context);
        Assert.Throws<FheKeyException>(() => keyless.Relinearize(keyless.Square(c)));
        Assert.Same(c, keyless.Rotate(c, keys.Context.SlotCount)); // a full turn needs no key

        var generator = new KeyGenerator(keys.Context);
        using var other = generator.CreateSecretKey();
        var foreign = new Encryptor(keys.Context, generator.CreatePublicKey(other)).Encrypt([1.0]);
        Assert.Throws<FheKeyException>(() => keys.Evaluator.Add(c, foreign));
        Assert.Throws<FheKeyException>(() => keys.Evaluator.Rotate(foreign, 1));

        var lowKeys = generator.CreateEvaluationKeys(keys.Secret, 1, relinearization: true, [1]);
        var lowEvaluator = new CkksEvaluator(keys.Context, lowKeys);
        Assert.Contains("up to level 1", Assert.Throws<FheKeyException>(() => lowEvaluator.Rotate(c, 1)).Message, StringComparison.Ordinal);
    }
}
