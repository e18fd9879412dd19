using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Verification;

/// <summary>
/// Judges a GPU's answer to a known-answer challenge: the checked rows must match the cluster's answer (fp32 tolerance),
/// and the time it took is set against what the claimed fp32 throughput implies at a realistic share of peak
/// (<see cref="AchievableShareOfPeak"/>). A wrong answer blocks the GPU; a run far slower than the profile flags it
/// ("suspected misreported model") for operators, since a slow run alone has innocent causes too (thermal limits, load).
/// </summary>
public static class HardwareChallengeEvaluator
{
    /// <summary>Dense fp32 matrix products reach about half of a GPU's datasheet peak.</summary>
    public const double AchievableShareOfPeak = 0.5;

    public static HardwareChallengeResult Evaluate(
        string challengeId, IReadOnlyList<int> checkedRows, IReadOnlyList<float[]> expectedRows, TensorData answer,
        double measuredMs, double flops, double claimedFp32Tflops, double tolerance = 1e-4)
    {
        ArgumentNullException.ThrowIfNull(checkedRows);
        ArgumentNullException.ThrowIfNull(expectedRows);
        ArgumentNullException.ThrowIfNull(answer);
        var expectedMs = flops / (Math.Max(claimedFp32Tflops, 1e-3) * 1e12 * AchievableShareOfPeak) * 1000;
        var problem = RowsProblem(checkedRows, expectedRows, answer, tolerance);
        return new HardwareChallengeResult(challengeId, problem is null, measuredMs, expectedMs, problem ?? "the checked rows match");
    }

    private static string? RowsProblem(IReadOnlyList<int> rows, IReadOnlyList<float[]> expected, TensorData answer, double tolerance)
    {
        if (answer.ElementType != TensorElementType.Float32 || answer.Rank != 2)
        {
            return $"the answer is {answer}, not a float32 matrix";
        }

        var width = (int)answer.Shape[1];
        var values = answer.ToFloats();
        for (var i = 0; i < rows.Count; i++)
        {
            var start = rows[i] * width;
            if (expected[i].Length != width || start + width > values.Length)
            {
                return $"row {rows[i]} is missing or has the wrong width";
            }

            var distance = OutputComparer.RelativeL2Distance(
                Array.ConvertAll(values[start..(start + width)], v => (double)v), Array.ConvertAll(expected[i], v => (double)v));
            if (distance > tolerance)
            {
                return $"row {rows[i]} differs from the known answer (relative L2 {distance:G3})";
            }
        }

        return null;
    }
}
