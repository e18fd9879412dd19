using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Inference;

namespace Aitbc.Orleans.Fhe.Tests.Fixtures;

/// <summary>Seeded small models: a logistic regression over 16 features and a 16 → 8 → 4 MLP with a square activation.</summary>
public static class TestModels
{
    public static DenseLayer RandomDense(Random random, int outputs, int inputs)
    {
        // Weights ~ U(−1, 1)/√fan-in, as initialised networks are: outputs stay O(1) for inputs in [−1, 1].
        var scale = 1 / Math.Sqrt(inputs);
        var weights = RandomVectors.Uniform(random, outputs * inputs, scale);
        var bias = RandomVectors.Uniform(random, outputs, 0.5);
        return new DenseLayer(outputs, inputs, weights, bias);
    }

    public static EncryptedPlan LogisticRegression(CkksParameters parameters, int seed, int features = 16) =>
        EncryptedPlan.Create(parameters, [RandomDense(new Random(seed), 1, features)], outputActivation: ClientActivation.Sigmoid);

    public static EncryptedPlan SquareMlp(CkksParameters parameters, int seed)
    {
        var random = new Random(seed);
        return EncryptedPlan.Create(parameters, [RandomDense(random, 8, 16), SquareActivation.Instance, RandomDense(random, 4, 8)]);
    }
}
