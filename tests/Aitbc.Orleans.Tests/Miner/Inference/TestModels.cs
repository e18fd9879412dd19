using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Tests.Miner.Inference;

/// <summary>Small ONNX models built for engine tests: slow ones, and ones whose output shapes only a run can tell.</summary>
public static class TestModels
{
    /// <summary>
    /// <paramref name="layers"/> MatMul+ReLU layers of width <paramref name="width"/> sharing one weight matrix: the file
    /// stays small (one matrix) while a run costs layers × 2·batch·width² FLOPs, a slow run that stops at any layer.
    /// Input "x" [batch, width], output "y" [batch, width].
    /// </summary>
    public static byte[] SlowChain(int layers, int width, int seed = 3)
    {
        var random = new Random(seed);
        var scale = MathF.Sqrt(2f / width); // He scaling keeps ReLU activations O(1) through any depth
        var weights = new float[width * width];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = ((random.NextSingle() * 2f) - 1f) * scale * MathF.Sqrt(3f);
        }

        var builder = new OnnxModelBuilder("slow_chain")
            .Input("x", TensorElementType.Float32, "batch", width)
            .Output("y", TensorElementType.Float32, "batch", width)
            .Initializer("w", TensorData.FromFloats(weights, width, width));
        var current = "x";
        for (var i = 0; i < layers; i++)
        {
            var next = i == layers - 1 ? "y" : $"r{i}";
            builder.MatMul(current, "w", $"m{i}").Relu($"m{i}", next);
            current = next;
        }

        return builder.Build();
    }

    /// <summary>ReLU of "x" [batch, 4] whose output is declared [rows, 4]: "rows" is no input dimension, so only a run tells.</summary>
    public static byte[] UndeclaredOutputRows() => new OnnxModelBuilder("undeclared_rows")
        .Input("x", TensorElementType.Float32, "batch", 4)
        .Output("y", TensorElementType.Float32, "rows", 4)
        .Relu("x", "y")
        .Build();

    /// <summary>NonZero of "x" [n]: output "indices" int64 [1, count of non-zeros], a shape that depends on the data.</summary>
    public static byte[] NonZero() => new OnnxModelBuilder("nonzero")
        .Input("x", TensorElementType.Float32, "n")
        .Output("indices", TensorElementType.Int64, 1, "nonzeros")
        .Node("NonZero", ["x"], ["indices"])
        .Build();
}
