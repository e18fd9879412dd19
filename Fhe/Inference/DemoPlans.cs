using Aitbc.Orleans.Fhe.Ckks;

namespace Aitbc.Orleans.Fhe.Inference;

/// <summary>
/// Seeded demonstration models of the two supported shapes: a logistic regression over 16 features (sigmoid on the
/// client) and a 16 → 8 → 4 MLP with a square activation. Weights are drawn like a freshly initialised network
/// (U(−1, 1)/√fan-in, biases U(−0.5, 0.5)), so outputs stay O(1) for inputs in [−1, 1]. Used by the tests and the
/// benchmarks; the same seed always gives the same model.
/// </summary>
public static class DemoPlans
{
    public static DenseLayer RandomDense(Random random, int outputs, int inputs)
    {
        ArgumentNullException.ThrowIfNull(random);
        var scale = 1 / Math.Sqrt(inputs);
        var weights = Uniform(random, outputs * inputs, scale);
        var bias = Uniform(random, outputs, 0.5);
        return new DenseLayer(outputs, inputs, weights, bias);
    }

    public static EncryptedPlan LogisticRegression(CkksParameters parameters, int seed, int features = 16) =>
        EncryptedPlan.Create(parameters, [RandomDense(new Random(seed), 1, features)], outputActivation: ClientActivation.Sigmoid);

    public static EncryptedPlan SquareMlp(CkksParameters parameters, int seed)
    {
        var random = new Random(seed);
        return EncryptedPlan.Create(parameters, [RandomDense(random, 8, 16), SquareActivation.Instance, RandomDense(random, 4, 8)]);
    }

    /// <summary>Values uniform in [−bound, bound].</summary>
    public static double[] Uniform(Random random, int length, double bound = 1)
    {
        ArgumentNullException.ThrowIfNull(random);
        return [.. Enumerable.Range(0, length).Select(_ => (random.NextDouble() * 2 - 1) * bound)];
    }
}
