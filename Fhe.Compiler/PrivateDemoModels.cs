using Aitbc.Orleans.Fhe.Inference;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Fhe.Compiler;

/// <summary>
/// ONNX forms of the two model shapes private inference supports, with <see cref="DemoPlans"/>' seeded weights (as
/// float32): a logistic regression over 16 features (Gemm with transB, then Sigmoid) and a 16 → 8 → 4 MLP with a
/// square activation (MatMul + Add, Mul(h, h), Gemm). Inputs are float32 [batch, 16]. Used by the tests, the
/// development silo and the README walk-through (docs/demo holds the files).
/// </summary>
public static class PrivateDemoModels
{
    public const int Features = 16;

    public static byte[] LogisticRegression(int seed = 17)
    {
        var layer = DemoPlans.RandomDense(new Random(seed), 1, Features);
        return new OnnxModelBuilder("private-logistic-regression") { DocString = "AITBC private inference demo: logistic regression, 16 features" }
            .Input("features", TensorElementType.Float32, "batch", Features)
            .Initializer("w", TensorData.FromFloats(Floats(layer.Weights), 1, Features))
            .Initializer("b", TensorData.FromFloats(Floats(layer.Bias), 1))
            .Gemm("features", "w", "b", "logit", transB: true)
            .Node("Sigmoid", ["logit"], ["probability"])
            .Output("probability", TensorElementType.Float32, "batch", 1)
            .Build();
    }

    public static byte[] SquareMlp(int seed = 23)
    {
        var random = new Random(seed);
        var first = DemoPlans.RandomDense(random, 8, Features);
        var second = DemoPlans.RandomDense(random, 4, 8);
        return new OnnxModelBuilder("private-square-mlp") { DocString = "AITBC private inference demo: 16 -> 8 (square) -> 4 MLP" }
            .Input("features", TensorElementType.Float32, "batch", Features)
            .Initializer("w1", TensorData.FromFloats(Transpose(first), Features, 8))
            .Initializer("b1", TensorData.FromFloats(Floats(first.Bias), 8))
            .Initializer("w2", TensorData.FromFloats(Floats(second.Weights), 4, 8))
            .Initializer("b2", TensorData.FromFloats(Floats(second.Bias), 4))
            .MatMul("features", "w1", "h")
            .Add("h", "b1", "hb")
            .Node("Mul", ["hb", "hb"], ["h2"])
            .Gemm("h2", "w2", "b2", "scores", transB: true)
            .Output("scores", TensorElementType.Float32, "batch", 4)
            .Build();
    }

    private static float[] Floats(ReadOnlySpan<double> values)
    {
        var result = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = (float)values[i];
        }

        return result;
    }

    /// <summary>MatMul wants [inputs, outputs]; a dense layer's weights are [outputs, inputs].</summary>
    private static float[] Transpose(Inference.DenseLayer layer)
    {
        var result = new float[layer.Inputs * layer.Outputs];
        for (var r = 0; r < layer.Outputs; r++)
        {
            for (var c = 0; c < layer.Inputs; c++)
            {
                result[c * layer.Outputs + r] = (float)layer.Weight(r, c);
            }
        }

        return result;
    }
}
