using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Tests.Fixtures;

namespace Aitbc.Orleans.Fhe.Tests.Ckks;

/// <summary>Homomorphic add, multiply, rescale, relinearize and rotate against the same operations on plaintext vectors.</summary>
public sealed class HomomorphicOperationTests(InsecureKeySet keys) : IClassFixture<InsecureKeySet>
{
    /// <summary>After products, rescaling and key switching the error stays around 1e-7 for values in [−1, 1].</summary>
    public const double Tolerance = 1e-5;

    private int Slots => keys.Context.SlotCount;

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void Add_and_subtract(int seed)
    {
        var random = new Random(seed);
        var x = RandomVectors.Uniform(random, Slots);
        var y = RandomVectors.Uniform(random, Slots);
        var cx = keys.Encryptor.Encrypt(x);
        var cy = keys.Encryptor.Encrypt(y);
        RandomVectors.AssertClose([.. x.Zip(y, (a, b) => a + b)], keys.Decryptor.DecryptValues(keys.Evaluator.Add(cx, cy)), Tolerance, seed);
        RandomVectors.AssertClose([.. x.Zip(y, (a, b) => a - b)], keys.Decryptor.DecryptValues(keys.Evaluator.Subtract(cx, cy)), Tolerance, seed);
        RandomVectors.AssertClose([.. x.Select(a => -a)], keys.Decryptor.DecryptValues(keys.Evaluator.Negate(cx)), Tolerance, seed);
        var plain = keys.Context.Encoder.Encode(y, cx.Level, cx.Scale);
        RandomVectors.AssertClose([.. x.Zip(y, (a, b) => a + b)], keys.Decryptor.DecryptValues(keys.Evaluator.AddPlain(cx, plain)), Tolerance, seed);
    }

    [Theory]
    [InlineData(31, 3)]
    [InlineData(32, 1)]
    public void Multiply_by_a_plaintext_then_rescale(int seed, int level)
    {
        var random = new Random(seed);
        var x = RandomVectors.Uniform(random, Slots);
        var w = RandomVectors.Uniform(random, Slots, 4);
        var cx = keys.Encryptor.Encrypt(x, level);
        var product = keys.Evaluator.MultiplyPlain(cx, keys.Context.Encoder.Encode(w, level, keys.Scale));
        Assert.Equal(keys.Scale * keys.Scale, product.Scale);
        var rescaled = keys.Evaluator.Rescale(product);
        Assert.Equal(level - 1, rescaled.Level);
        Assert.Equal(keys.Scale * keys.Scale / keys.Context.Parameters.CiphertextPrimes[level], rescaled.Scale);
        RandomVectors.AssertClose([.. x.Zip(w, (a, b) => a * b)], keys.Decryptor.DecryptValues(rescaled), Tolerance, seed);
    }

    [Theory]
    [InlineData(41)]
    [InlineData(42)]
    public void Multiply_relinearize_and_rescale(int seed)
    {
        var random = new Random(seed);
        var x = RandomVectors.Uniform(random, Slots);
        var y = RandomVectors.Uniform(random, Slots);
        var product = keys.Evaluator.Multiply(keys.Encryptor.Encrypt(x), keys.Encryptor.Encrypt(y));
        Assert.Equal(3, product.Size);
        RandomVectors.AssertClose([.. x.Zip(y, (a, b) => a * b)], keys.Decryptor.DecryptValues(product), Tolerance, seed);
        var relinearized = keys.Evaluator.Relinearize(product);
        Assert.Equal(2, relinearized.Size);
        var result = keys.Evaluator.Rescale(relinearized);
        RandomVectors.AssertClose([.. x.Zip(y, (a, b) => a * b)], keys.Decryptor.DecryptValues(result), Tolerance, seed);
    }

    [Fact]
    public void Three_squarings_use_every_level()
    {
        const int seed = 43;
        var random = new Random(seed);
        var x = RandomVectors.Uniform(random, Slots);
        var c = keys.Encryptor.Encrypt(x);
        var expected = (double[])x.Clone();
        for (var i = 0; i < keys.Context.MaxLevel; i++)
        {
            c = keys.Evaluator.Rescale(keys.Evaluator.Relinearize(keys.Evaluator.Square(c)));
            expected = [.. expected.Select(v => v * v)];
        }

        Assert.Equal(0, c.Level);
        RandomVectors.AssertClose(expected, keys.Decryptor.DecryptValues(c), Tolerance, seed);
    }

    [Theory]
    [InlineData(51, 1)]
    [InlineData(52, 5)]
    [InlineData(53, -1)]
    [InlineData(54, 12)]
    public void Rotate_moves_slots_left(int seed, int steps)
    {
        var random = new Random(seed);
        var x = RandomVectors.Uniform(random, Slots);
        var rotated = keys.Decryptor.DecryptValues(keys.Evaluator.Rotate(keys.Encryptor.Encrypt(x, 2), steps));
        var expected = Enumerable.Range(0, Slots).Select(j => x[(((j + steps) % Slots) + Slots) % Slots]).ToArray();
        RandomVectors.AssertClose(expected, rotated, Tolerance, seed);
    }

    [Fact]
    public void Hoisted_rotations_equal_single_rotations()
    {
        const int seed = 55;
        var x = RandomVectors.Uniform(new Random(seed), Slots);
        var c = keys.Encryptor.Encrypt(x);
        int[] steps = [0, 1, 2, 3, 4, -4];
        var many = keys.Evaluator.RotateMany(c, steps);
        foreach (var s in steps)
        {
            var expected = Enumerable.Range(0, Slots).Select(j => x[(((j + s) % Slots) + Slots) % Slots]).ToArray();
            RandomVectors.AssertClose(expected, keys.Decryptor.DecryptValues(many[s]), Tolerance, seed);
        }
    }

    [Fact]
    public void Rotations_of_a_product_before_rescaling_keep_the_large_scale()
    {
        const int seed = 56;
        var random = new Random(seed);
        var x = RandomVectors.Uniform(random, Slots);
        var w = RandomVectors.Uniform(random, Slots);
        var product = keys.Evaluator.MultiplyPlain(keys.Encryptor.Encrypt(x), keys.Context.Encoder.Encode(w, 3, keys.Scale));
        var rotated = keys.Evaluator.Rescale(keys.Evaluator.Rotate(product, 8));
        var expected = Enumerable.Range(0, Slots).Select(j => x[(j + 8) % Slots] * w[(j + 8) % Slots]).ToArray();
        RandomVectors.AssertClose(expected, keys.Decryptor.DecryptValues(rotated), Tolerance, seed);
    }

    [Fact]
    public void Drop_to_level_keeps_the_values()
    {
        const int seed = 57;
        var x = RandomVectors.Uniform(new Random(seed), Slots);
        var dropped = keys.Evaluator.DropToLevel(keys.Encryptor.Encrypt(x), 0);
        Assert.Equal(0, dropped.Level);
        RandomVectors.AssertClose(x, keys.Decryptor.DecryptValues(dropped), Tolerance, seed);
    }
}
