using Aitbc.Orleans.Fhe.Tests.Fixtures;

namespace Aitbc.Orleans.Fhe.Tests.Ckks;

/// <summary>The core properties again at the production parameters (N = 8192): fewer cases, full size.</summary>
public sealed class SecureParameterTests(StandardKeySet keys) : IClassFixture<StandardKeySet>
{
    [Fact]
    public void Encrypt_rotate_square_and_decrypt_at_N_8192()
    {
        const int seed = 201;
        var random = new Random(seed);
        var slots = keys.Context.SlotCount;
        var x = RandomVectors.Uniform(random, slots);
        var c = keys.Encryptor.Encrypt(x);
        RandomVectors.AssertClose(x, keys.Decryptor.DecryptValues(c), EncryptionTests.FreshTolerance, seed);

        var rotated = keys.Decryptor.DecryptValues(keys.Evaluator.Rotate(c, 5));
        RandomVectors.AssertClose([.. Enumerable.Range(0, slots).Select(j => x[(j + 5) % slots])], rotated, HomomorphicOperationTests.Tolerance, seed);

        var squared = keys.Evaluator.Rescale(keys.Evaluator.Relinearize(keys.Evaluator.Square(c)));
        RandomVectors.AssertClose([.. x.Select(v => v * v)], keys.Decryptor.DecryptValues(squared), HomomorphicOperationTests.Tolerance, seed);
    }

    [Fact]
    public void Keys_and_ciphertexts_round_trip_at_N_8192()
    {
        var c = keys.Encryptor.Encrypt([0.25, -0.5]);
        Assert.Equal(c.ToBytes(), Fhe.Ckks.Ciphertext.Parse(c.ToBytes()).ToBytes());
        Assert.Equal(keys.Evaluation.ToBytes(), Fhe.Ckks.EvaluationKeys.Parse(keys.Evaluation.ToBytes()).ToBytes());
    }
}
