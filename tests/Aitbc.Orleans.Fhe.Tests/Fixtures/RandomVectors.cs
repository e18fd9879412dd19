namespace Aitbc.Orleans.Fhe.Tests.Fixtures;

/// <summary>Seeded random inputs for the property tests (reproducible: a failure names its seed).</summary>
public static class RandomVectors
{
    public static double[] Uniform(Random random, int length, double bound = 1) => global::Aitbc.Orleans.Fhe.Inference.DemoPlans.Uniform(random, length, bound);

    public static double MaxAbsDifference(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        var max = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        }

        return max;
    }

    /// <summary>Asserts |expected − actual| ≤ tolerance in every slot, naming the seed and the worst slot.</summary>
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, int seed)
    {
        var worst = 0;
        for (var i = 1; i < expected.Length; i++)
        {
            if (Math.Abs(expected[i] - actual[i]) > Math.Abs(expected[worst] - actual[worst]))
            {
                worst = i;
            }
        }

        var error = expected.Length == 0 ? 0 : Math.Abs(expected[worst] - actual[worst]);
        Assert.True(error <= tolerance,
            $"seed {seed}: slot {worst} expected {expected[worst]:R}, got {actual[worst]:R} (error {error:E2} > {tolerance:E2})");
    }
}
