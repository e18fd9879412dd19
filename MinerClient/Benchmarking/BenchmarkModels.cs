using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Miner.Inference.Onnx;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Miner.Benchmarking;

/// <summary>
/// The benchmark models of issue #18: the demo model, MLPs of 2×512, 4×1024 and 8×4096 (input = width = output),
/// each in fp32 or as an fp16 variant with the same weights rounded to half precision (fp16 weights, input and
/// output: what a quantizer's fp16 file looks like), and single MatMuls for the matmul ceiling.
/// </summary>
public static class BenchmarkModels
{
    public static IReadOnlyList<string> Names { get; } = ["demo", "mlp-2x512", "mlp-4x1024", "mlp-8x4096"];

    /// <summary>The three models the bare-versus-engine comparison runs by default.</summary>
    public static IReadOnlyList<string> CompareDefaults { get; } = ["demo", "mlp-2x512", "mlp-8x4096"];

    public static BenchmarkModel Create(string name, string precision = InferenceModel.Fp32)
    {
        var mlp = name switch
        {
            "demo" => DemoModels.Default,
            "mlp-2x512" => DemoModels.Mlp(2, 512, 512, 512, 1, name),
            "mlp-4x1024" => DemoModels.Mlp(4, 1024, 1024, 1024, 1, name),
            "mlp-8x4096" => DemoModels.Mlp(8, 4096, 4096, 4096, 1, name),
            _ => throw new ArgumentException($"Unknown model '{name}': use {string.Join(", ", Names)}.", nameof(name)),
        };
        var flops = mlp.Layers.Sum(l => 2.0 * l.InputSize * l.OutputSize);
        return precision switch
        {
            InferenceModel.Fp32 => new BenchmarkModel(mlp.Name, precision, mlp.ModelBytes, mlp.InputName, mlp.InputDim, mlp.OutputName, mlp.OutputDim,
                TensorElementType.Float32, flops),
            InferenceModel.Fp16 => new BenchmarkModel(mlp.Name, precision, HalfPrecision(mlp), mlp.InputName, mlp.InputDim, mlp.OutputName, mlp.OutputDim,
                TensorElementType.Float16, flops),
            _ => throw new ArgumentException($"Unknown precision '{precision}': use fp32 or fp16.", nameof(precision)),
        };
    }

    /// <summary>x[batch, size] · W[size, size]: one large MatMul, the ceiling a model of MatMuls can approach.</summary>
    public static BenchmarkModel MatMul(int size, string precision)
    {
        var type = precision == InferenceModel.Fp16 ? TensorElementType.Float16 : TensorElementType.Float32;
        var random = new Random(5);
        var weights = new float[size * size];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = ((random.NextSingle() * 2f) - 1f) / MathF.Sqrt(size);
        }

        var bytes = new OnnxModelBuilder($"matmul-{size}")
            .Input("x", type, "batch", size)
            .Output("y", type, "batch", size)
            .Initializer("w", Tensor(weights, type, size, size))
            .MatMul("x", "w", "y")
            .Build();
        return new BenchmarkModel($"matmul-{size}", precision, bytes, "x", size, "y", size, type, 2.0 * size * size);
    }

    /// <summary>The same network with fp16 weights, input and output (MatMul, Add and Relu all in half precision).</summary>
    private static byte[] HalfPrecision(DemoMlp mlp)
    {
        var builder = new OnnxModelBuilder(mlp.Name + "-fp16") { DocString = $"fp16 variant of {mlp.Name}" }
            .Input(mlp.InputName, TensorElementType.Float16, "batch", mlp.InputDim)
            .Output(mlp.OutputName, TensorElementType.Float16, "batch", mlp.OutputDim);
        var current = mlp.InputName;
        for (var i = 0; i < mlp.Layers.Count; i++)
        {
            var layer = mlp.Layers[i];
            var linear = i == mlp.Layers.Count - 1 && !layer.Relu ? mlp.OutputName : $"l{i}_linear";
            builder.Initializer($"l{i}_w", Tensor(layer.Weights, TensorElementType.Float16, layer.InputSize, layer.OutputSize))
                .Initializer($"l{i}_b", Tensor(layer.Bias, TensorElementType.Float16, layer.OutputSize))
                .MatMul(current, $"l{i}_w", $"l{i}_matmul")
                .Add($"l{i}_matmul", $"l{i}_b", linear);
            current = linear;
            if (layer.Relu)
            {
                var relu = i == mlp.Layers.Count - 1 ? mlp.OutputName : $"l{i}_relu";
                builder.Relu(current, relu);
                current = relu;
            }
        }

        return builder.Build();
    }

    private static TensorData Tensor(float[] values, TensorElementType type, params long[] shape) => type == TensorElementType.Float16
        ? TensorData.FromHalves(Array.ConvertAll(values, v => (Half)v), shape)
        : TensorData.FromFloats(values, shape);
}
