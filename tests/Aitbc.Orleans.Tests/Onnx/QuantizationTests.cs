using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Models.Variants;
using Aitbc.Orleans.Onnx.Graph;
using Aitbc.Orleans.Onnx.Quantization;
using Aitbc.Orleans.Onnx.Serialization;
using Aitbc.Orleans.Tests.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;
using Orleans.Serialization;

namespace Aitbc.Orleans.Tests.Onnx;

/// <summary>
/// Acceptance 1 of issue 15 and the quantizer's rules, on the real ONNX Runtime (CPU). Each variant is measured on
/// 1,000 generated inputs in batches of 250; the models are small, so a variant costs well under a second.
/// </summary>
public sealed class QuantizationTests(ITestOutputHelper output)
{
    public static TheoryData<string, Precision> AcceptanceCases => new()
    {
        { "mlp", Precision.Fp16 },
        { "mlp", Precision.Int8 },
        { "convnet", Precision.Fp16 },
        { "convnet", Precision.Int8 },
    };

    [Theory]
    [MemberData(nameof(AcceptanceCases))]
    public void Variants_of_the_mlp_and_the_convnet_load_shrink_and_stay_within_tolerance(string name, Precision precision)
    {
        var original = name == "mlp" ? QuantizationTestModels.Mlp().ModelBytes : QuantizationTestModels.ConvNet().ModelBytes;

        var variant = ModelVariantBuilder.Build(original, precision);

        var report = variant.Report;
        output.WriteLine($"{name} {precision}: relative L2 {report.RelativeL2:E2}, top-1 {report.Top1Agreement:P2}, weights ×{report.WeightRatio:F3}; {report.Method}");
        Assert.True(variant.Deployable, report.FailureReason);
        Assert.Equal(1000, report.Samples);
        var content = variant.Content!;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), report.Sha256);
        Assert.Equal(content.LongLength, report.SizeBytes);
        var head = Assert.Single(report.Outputs);
        Assert.Equal(VariantOutputKind.Classifier, head.Kind);
        if (precision == Precision.Fp16)
        {
            Assert.InRange(report.RelativeL2!.Value, 0, 1e-2);
            Assert.InRange(report.WeightRatio!.Value, 0, 0.55);
        }
        else
        {
            Assert.InRange(report.Top1Agreement!.Value, 0.98, 1);
            Assert.InRange(report.WeightRatio!.Value, 0, 0.30);
        }

        // The variant loads on its own in ONNX Runtime with the original's signature (names, types, shapes).
        using var originalSession = new InferenceSession(original);
        using var variantSession = new InferenceSession(content);
        AssertSameSignature(originalSession.InputMetadata, variantSession.InputMetadata);
        AssertSameSignature(originalSession.OutputMetadata, variantSession.OutputMetadata);
    }

    [Fact]
    public void Fp16_variant_stores_half_weights_and_casts_only_at_the_edges()
    {
        var original = OnnxModelReader.Read(QuantizationTestModels.Mlp().ModelBytes);

        var converted = OnnxModelReader.Read(OnnxModelWriter.Write(Fp16Converter.Convert(original).Model)).RequireGraph();

        Assert.All(converted.Initializers, t => Assert.Equal(OnnxDataType.Float16, t.DataType));
        Assert.Equal(OnnxDump.Of(original.RequireGraph().Inputs), OnnxDump.Of(converted.Inputs));
        Assert.Equal(OnnxDump.Of(original.RequireGraph().Outputs), OnnxDump.Of(converted.Outputs));
        var casts = converted.Nodes.Where(n => n.OpType == "Cast").ToArray();
        Assert.Equal(2, casts.Length);
        Assert.Equal(["input"], casts[0].Inputs);
        Assert.Equal(OnnxDataType.Float16, casts[0].FindAttribute("to")!.IntValue);
        Assert.Equal(["output"], casts[^1].Outputs);
        Assert.Equal(OnnxDataType.Float, casts[^1].FindAttribute("to")!.IntValue);
    }

    [Fact]
    public void Fp16_keeps_unlisted_operators_int64_shapes_and_intermediate_outputs_in_their_types()
    {
        var original = QuantizationTestModels.Mixed();

        var variant = ModelVariantBuilder.Build(original, Precision.Fp16);

        Assert.True(variant.Deployable, variant.Report.FailureReason);
        Assert.Equal(2, variant.Report.Outputs.Count);
        var graph = OnnxModelReader.Read(variant.Content).RequireGraph();
        Assert.Equal(OnnxDataType.Int64, graph.FindInitializer("shape")!.DataType);
        var exp = Assert.Single(graph.Nodes, n => n.OpType == "Exp");
        Assert.Equal(["damped"], exp.Inputs); // float32, cast back from the half-precision Mul
        Assert.Contains("kept in float32: Exp", variant.Report.Method, StringComparison.Ordinal);
        // "hidden" is both a graph output and read by a half-precision Mul: produced in fp16, cast back for the output.
        Assert.Contains(graph.Nodes, n => n.OpType == "Cast" && n.Outputs.SequenceEqual(["hidden"]));
        // A declared value that now exists only in half precision is declared under its half name and type.
        Assert.Equal(
            [("damped", OnnxDataType.Float), ("mixed_fp16", OnnxDataType.Float16)],
            graph.ValueInfos.Select(v => (v.Name, v.TensorElementType!.Value)));
    }

    [Fact]
    public void Int8_variant_runs_under_newer_operator_sets()
    {
        var options = new ModelVariantOptions { Int8 = new Int8Options { FallBackToWeightOnly = false } };

        var variant = ModelVariantBuilder.Build(QuantizationTestModels.MlpOpset21(), Precision.Int8, options);

        Assert.True(variant.Deployable, variant.Report.FailureReason);
        var reductions = OnnxModelReader.Read(variant.Content).RequireGraph().Nodes.Where(n => n.OpType == "ReduceMax").ToArray();
        Assert.Equal(3, reductions.Length); // one per layer's input
        Assert.All(reductions, r => Assert.Equal(2, r.Inputs.Count)); // axes as an input, not an attribute
        Assert.All(reductions, r => Assert.Null(r.FindAttribute("axes")));
    }

    [Fact]
    public void Values_a_subgraph_reads_from_the_outer_graph_stay_float32()
    {
        var variant = ModelVariantBuilder.Build(QuantizationTestModels.WithSubgraph(), Precision.Fp16);

        Assert.True(variant.Deployable, variant.Report.FailureReason);
        var graph = OnnxModelReader.Read(variant.Content).RequireGraph();
        var cast = Assert.Single(graph.Nodes, n => n.OpType == "Cast" && n.Outputs.SequenceEqual(["h"]));
        Assert.Equal(OnnxDataType.Float, cast.FindAttribute("to")!.IntValue);
    }

    [Theory]
    [InlineData(Int8MatMulMode.DynamicActivations)]
    [InlineData(Int8MatMulMode.WeightOnly)]
    public void Int8_gemm_folds_alpha_and_beta_with_constant_and_computed_biases(Int8MatMulMode mode)
    {
        var options = new ModelVariantOptions { Int8 = new Int8Options { MatMulMode = mode, FallBackToWeightOnly = false } };

        var variant = ModelVariantBuilder.Build(QuantizationTestModels.Gemms(), Precision.Int8, options);

        Assert.True(variant.Deployable, variant.Report.FailureReason);
        Assert.All(variant.Report.Outputs, o => Assert.InRange(o.RelativeL2, 0, 2e-2));
        var ops = OnnxModelReader.Read(variant.Content).RequireGraph().Nodes.Select(n => n.OpType).ToArray();
        if (mode == Int8MatMulMode.DynamicActivations)
        {
            Assert.Equal(3, ops.Count(o => o == "MatMulInteger"));
            Assert.DoesNotContain("Gemm", ops);
        }
        else
        {
            Assert.Equal(3, ops.Count(o => o == "DequantizeLinear"));
            Assert.Equal(2, ops.Count(o => o == "Gemm"));
        }
    }

    [Fact]
    public void Int8_variant_holds_int8_weights_and_per_channel_scales()
    {
        var net = QuantizationTestModels.ConvNet();

        var graph = Int8Quantizer.Quantize(OnnxModelReader.Read(net.ModelBytes)).Model.RequireGraph();

        foreach (var (layer, i) in net.ConvLayers.Select((l, i) => (l, i)))
        {
            var weights = graph.FindInitializer($"c{i}_w_int8")!;
            Assert.Equal(OnnxDataType.Int8, weights.DataType);
            Assert.Equal([layer.OutChannels, layer.InChannels, layer.Kernel, layer.Kernel], weights.Dims);
            Assert.Equal([(long)layer.OutChannels], graph.FindInitializer($"c{i}_w_scale")!.Dims);
            Assert.Null(graph.FindInitializer($"c{i}_w")); // the float32 original is gone
        }

        Assert.Equal(3, graph.Nodes.Count(n => n.OpType == "DequantizeLinear" && n.FindAttribute("axis")!.IntValue == 0));
        Assert.Single(graph.Nodes, n => n.OpType == "MatMulInteger");
    }

    [Fact]
    public void Dynamic_int8_quantizes_each_row_on_its_own_so_batch_mates_do_not_change_a_result()
    {
        var variant = ModelVariantBuilder.Build(QuantizationTestModels.Mlp().ModelBytes, Precision.Int8);
        Assert.Contains("dynamic int8 activations", variant.Report.Method, StringComparison.Ordinal);
        using var session = new InferenceSession(variant.Content!);
        var row = Enumerable.Range(0, 64).Select(i => MathF.Sin(i)).ToArray();
        var outlier = Enumerable.Repeat(1000f, 64).ToArray();

        var alone = Run(session, row, 1);
        var withOutlier = Run(session, [.. row, .. outlier], 2);

        Assert.Equal(alone, withOutlier[..alone.Length]);
    }

    [Fact]
    public void A_variant_outside_its_tolerance_is_marked_failed()
    {
        var fp16 = ModelVariantBuilder.Build(QuantizationTestModels.Fp16Overflow(), Precision.Fp16);
        var int8 = ModelVariantBuilder.Build(QuantizationTestModels.Int8Outlier(), Precision.Int8);

        Assert.False(fp16.Deployable);
        Assert.Contains("relative L2", fp16.Report.FailureReason, StringComparison.Ordinal);
        Assert.Contains("saturated", fp16.Report.Method, StringComparison.Ordinal);
        Assert.True(fp16.Report.RelativeL2 > 1e-2);
        Assert.False(int8.Deployable);
        Assert.NotNull(int8.Content); // made and measured, kept for inspection, never deployed
        Assert.True(int8.Report.RelativeL2 > 0.05, $"relative L2 {int8.Report.RelativeL2}");
    }

    [Fact]
    public void Models_a_precision_cannot_convert_get_no_variant_and_say_why()
    {
        var noWeights = ModelVariantBuilder.BuildAll(TestModels.Identity4());
        var oldOpset = ModelVariantBuilder.Build(QuantizationTestModels.Opset12(), Precision.Int8);
        var notOnnx = ModelVariantBuilder.Build([1, 2, 3], Precision.Fp16);

        Assert.All(noWeights, v => Assert.Null(v.Content));
        Assert.All(noWeights, v => Assert.False(v.Report.Passed));
        Assert.Contains("no float32 weights", noWeights[0].Report.FailureReason, StringComparison.Ordinal);
        Assert.Contains("no MatMul, Gemm or Conv", noWeights[1].Report.FailureReason, StringComparison.Ordinal);
        Assert.Null(oldOpset.Content);
        Assert.Contains("opset 12", oldOpset.Report.FailureReason, StringComparison.Ordinal);
        Assert.False(notOnnx.Deployable);
        Assert.Contains("not a readable ONNX", notOnnx.Report.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_survives_the_orleans_serializer()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var report = ModelVariantBuilder.Build(QuantizationTestModels.ConvNet().ModelBytes, Precision.Int8).Report;

        var copy = serializer.Deserialize<ModelVariantReport>(serializer.SerializeToArray(report))!;

        Assert.Equal(Precision.Int8, copy.Precision);
        Assert.Equal((report.Passed, report.Sha256, report.SizeBytes, report.WeightBytes, report.OriginalWeightBytes), (copy.Passed, copy.Sha256, copy.SizeBytes, copy.WeightBytes, copy.OriginalWeightBytes));
        Assert.Equal((report.RelativeL2, report.Top1Agreement, report.Samples, report.Seed, report.Method), (copy.RelativeL2, copy.Top1Agreement, copy.Samples, copy.Seed, copy.Method));
        Assert.Equal(report.Tolerance, copy.Tolerance);
        Assert.Equal(report.Outputs, copy.Outputs);
    }

    private static float[] Run(InferenceSession session, float[] input, int batch)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, [batch, input.Length / batch]);
        using var options = new RunOptions();
        using var results = session.Run(options, session.InputNames, [value], session.OutputNames);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static void AssertSameSignature(IReadOnlyDictionary<string, NodeMetadata> expected, IReadOnlyDictionary<string, NodeMetadata> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, meta) in expected)
        {
            Assert.Equal(meta.ElementDataType, actual[name].ElementDataType);
            Assert.Equal(meta.Dimensions, actual[name].Dimensions);
        }
    }
}
