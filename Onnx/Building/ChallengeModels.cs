using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Onnx.Building;

/// <summary>
/// Known-answer jobs for the hardware challenge. The model is an MLP with weights from a secret seed and the input a
/// random batch, so the answer exists nowhere but in the cluster; the batch is sized so that the work takes about
/// <c>targetSeconds</c> at the throughput the GPU's profile claims. The cluster computes the expected outputs of a few
/// rows drawn at random (in double precision from the kept weights): a GPU must compute every row, as it cannot tell
/// which are checked, while the cluster's own cost stays a few milliseconds whatever the batch.
/// </summary>
public static class ChallengeModels
{
    /// <param name="seed">The weights' seed (and the input's, unless <paramref name="inputSeed"/> is given).</param>
    /// <param name="inputSeed">A fresh input for a model that is reused: the answer still exists only in the cluster.</param>
    /// <param name="name">The model's name in its graph; the dispatched challenge uses a plain one, so nothing in the model says "challenge".</param>
    public static HardwareChallengeSpec Build(
        double claimedFp32Tflops, int seed, double targetSeconds = 0.05, int width = 256, int layers = 4, int maxBatch = 65_536, int checkedRows = 16,
        int? inputSeed = null, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(claimedFp32Tflops);
        var model = DemoModels.Mlp(layers, width, width, width, seed, name: name ?? $"challenge-{seed}");
        var flopsPerRow = 2.0 * layers * width * width;
        var batch = (int)Math.Clamp(claimedFp32Tflops * 1e12 * targetSeconds / flopsPerRow, checkedRows, maxBatch);
        var random = new Random(inputSeed ?? seed ^ 0x5eed);
        var input = new float[batch * width];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var rows = Enumerable.Range(0, batch).OrderBy(_ => random.Next()).Take(checkedRows).Order().ToArray();
        var expected = rows.Select(r => model.Forward(input.AsSpan(r * width, width))).ToArray();
        return new HardwareChallengeSpec(model, TensorData.FromFloats(input, batch, width), batch, flopsPerRow * batch, rows, expected);
    }
}
