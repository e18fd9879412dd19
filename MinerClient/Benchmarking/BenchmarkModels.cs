using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Onnx.Quantization;
using Aitbc.Orleans.Onnx.Serialization;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Miner.Benchmarking;

/// <summary>
/// The benchmark models of issue #18: the demo model, MLPs of 2×512, 4×1024 and 8×4096 (input = width = output),
/// each in fp32 or as the fp16 variant the cluster's quantizer makes of it (float16 weights and compute, float32
/// inputs and outputs with casts at the edges), and single MatMuls (fp16 end to end) for the matmul ceiling.
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
                TensorElementType.Float32, flops),
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

    /// <summary>The fp16 variant as the cluster makes it (the quantizer's fp16 conversion): float16 weights and compute, float32 at the edges.</summary>
    private static byte[] HalfPrecision(DemoMlp mlp) =>
        OnnxModelWriter.Write(Fp16Converter.Convert(OnnxModelReader.Read(mlp.ModelBytes)).Model);

    private static TensorData Tensor(float[] values, TensorElementType type, params long[] shape) => type == TensorElementType.Float16
        ? TensorData.FromHalves(Array.ConvertAll(values, v => (Half)v), shape)
        : TensorData.FromFloats(values, shape);
}
