using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Onnx.Graph;
using Aitbc.Orleans.Onnx.Serialization;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Tests.Onnx;

/// <summary>Models for the quantizer tests: the acceptance MLP and conv net, and small graphs that each exercise one rule.</summary>
public static class QuantizationTestModels
{
    /// <summary>64 → 256 → 256 → 10 classifier (ReLU between), 85k parameters.</summary>
    public static DemoMlp Mlp() => DemoModels.Mlp(layers: 3, width: 256, inputDim: 64, outputDim: 10, seed: 7, name: "quant-mlp");

    /// <summary>3×16×16 image → Conv 16, 32, 64 (3×3) → global average pool → Gemm to 10 classes, 24k parameters.</summary>
    public static DemoConvNet ConvNet() => DemoModels.ConvNet(seed: 9, inChannels: 3, height: 16, width: 16, channels: [16, 32, 64], classes: 10, name: "quant-convnet");

    /// <summary>
    /// x → MatMul → "hidden" (a graph output, also read further on) → Mul by a constant → Exp (not computed in fp16)
    /// → MatMul → Reshape by an int64 shape → "reshaped" [batch, 2, 4]. Value infos declare "damped" (still needed in
    /// float32 by Exp) and "mixed" (only needed in float16 after conversion): ONNX Runtime checks both against the graph.
    /// </summary>
    public static byte[] Mixed()
    {
        var model = OnnxModelReader.Read(new OnnxModelBuilder("mixed")
            .Input("x", TensorElementType.Float32, "batch", 16)
            .Initializer("w1", Weights(16 * 8, 16, seed: 1), 16, 8)
            .Initializer("tenth", 0.1f)
            .Initializer("w2", Weights(8 * 8, 8, seed: 2), 8, 8)
            .Initializer("shape", TensorData.FromInt64s([-1L, 2, 4], 3))
            .MatMul("x", "w1", "hidden")
            .Node("Mul", ["hidden", "tenth"], ["damped"])
            .Node("Exp", ["damped"], ["grown"])
            .MatMul("grown", "w2", "mixed")
            .Node("Reshape", ["mixed", "shape"], ["reshaped"])
            .Output("hidden", TensorElementType.Float32, "batch", 8)
            .Output("reshaped", TensorElementType.Float32, "batch", 2, 4)
            .Build());
        model.RequireGraph().ValueInfos.Add(OnnxValueInfo.Tensor("damped", OnnxDataType.Float, "batch", 8));
        model.RequireGraph().ValueInfos.Add(OnnxValueInfo.Tensor("mixed", OnnxDataType.Float, "batch", 8));
        return OnnxModelWriter.Write(model);
    }

    /// <summary>The acceptance MLP declaring ai.onnx opset 21 (its operators mean the same there); ReduceMax takes axes as an input from 18 on.</summary>
    public static byte[] MlpOpset21()
    {
        var model = OnnxModelReader.Read(Mlp().ModelBytes);
        model.OpsetImports[0] = model.OpsetImports[0] with { Version = 21 };
        model.IrVersion = 10;
        return OnnxModelWriter.Write(model);
    }

    /// <summary>x → MatMul → h; If(flag) then Identity(h) else Neg(h): both branches read h from the outer graph.</summary>
    public static byte[] WithSubgraph()
    {
        static OnnxGraph Branch(string op, string output) => new()
        {
            Name = $"{op}_branch",
            Nodes = [new OnnxNode(op, ["h"], [output], $"{op}_in_branch", [])],
            Outputs = [OnnxValueInfo.Tensor(output, OnnxDataType.Float, "batch", 4)],
        };

        return new OnnxModelBuilder("branches")
            .Input("x", TensorElementType.Float32, "batch", 4)
            .Input("flag", TensorElementType.Bool)
            .Initializer("w", Weights(16, 4, seed: 3), 4, 4)
            .MatMul("x", "w", "h")
            .Node("If", ["flag"], ["y"], OnnxAttribute.Graph("then_branch", Branch("Identity", "then_y")), OnnxAttribute.Graph("else_branch", Branch("Neg", "else_y")))
            .Output("y", TensorElementType.Float32, "batch", 4)
            .Build();
    }

    /// <summary>
    /// Gemm(x, B, C) with alpha 0.5, beta 2 and a constant C, then Gemm(x, Bᵀ, C2) with transB, beta 3 and C2 computed
    /// from the input: both ways Gemm's bias and scales can come.
    /// </summary>
    public static byte[] Gemms() =>
        new OnnxModelBuilder("gemms")
            .Input("x", TensorElementType.Float32, "batch", 12)
            .Initializer("b", Weights(12 * 6, 12, seed: 4), 12, 6)
            .Initializer("c", Weights(6, 12, seed: 5), 6)
            .Initializer("bt", Weights(6 * 12, 12, seed: 6), 6, 12)
            .Initializer("w_bias", Weights(12 * 6, 12, seed: 7), 12, 6)
            .Node("Gemm", ["x", "b", "c"], ["g1"], OnnxAttribute.Float("alpha", 0.5f), OnnxAttribute.Float("beta", 2f))
            .MatMul("x", "w_bias", "c2")
            .Node("Gemm", ["x", "bt", "c2"], ["g2"], OnnxAttribute.Int("transB", 1), OnnxAttribute.Float("beta", 3f))
            .Output("g1", TensorElementType.Float32, "batch", 6)
            .Output("g2", TensorElementType.Float32, "batch", 6)
            .Build();

    /// <summary>One weight of 10⁶ (beyond float16's 65504): the fp16 variant saturates it and misses its tolerance.</summary>
    public static byte[] Fp16Overflow()
    {
        var weights = Weights(8 * 4, 8, seed: 8);
        weights[0] = 1e6f;
        return SingleMatMul("overflow", weights, 8, 4);
    }

    /// <summary>
    /// A MatMul whose first weight row is 10⁴ (an outlier in every output channel) but whose first input feature is
    /// masked to zero: int8's per-channel scale follows the outlier, rounding every weight that matters to zero.
    /// </summary>
    public static byte[] Int8Outlier()
    {
        var weights = Weights(8 * 2, 8, seed: 9);
        weights[0] = weights[1] = 1e4f;
        var mask = Enumerable.Repeat(1f, 8).ToArray();
        mask[0] = 0f;
        return new OnnxModelBuilder("outlier")
            .Input("x", TensorElementType.Float32, "batch", 8)
            .Initializer("mask", mask, 8)
            .Initializer("w", weights, 8, 2)
            .Node("Mul", ["x", "mask"], ["masked"])
            .MatMul("masked", "w", "y")
            .Output("y", TensorElementType.Float32, "batch", 2)
            .Build();
    }

    /// <summary>A one-layer model declaring ai.onnx opset 12 (before per-axis DequantizeLinear).</summary>
    public static byte[] Opset12() => SingleMatMul("opset12", Weights(8 * 4, 8, seed: 10), 8, 4, opset: 12);

    private static byte[] SingleMatMul(string name, float[] weights, int inputs, int outputs, long opset = 17) =>
        new OnnxModelBuilder(name) { OpsetVersion = opset }
            .Input("x", TensorElementType.Float32, "batch", inputs)
            .Initializer("w", weights, inputs, outputs)
            .MatMul("x", "w", "y")
            .Output("y", TensorElementType.Float32, "batch", outputs)
            .Build();

    private static OnnxModelBuilder Initializer(this OnnxModelBuilder builder, string name, float[] values, params long[] shape) =>
        builder.Initializer(name, TensorData.FromFloats(values, shape));

    private static OnnxModelBuilder Initializer(this OnnxModelBuilder builder, string name, float scalar) =>
        builder.Initializer(name, TensorData.FromFloats([scalar]));

    private static float[] Weights(int count, int fanIn, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => ((random.NextSingle() * 2f) - 1f) / MathF.Sqrt(fanIn)).ToArray();
    }
}
