using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tensors;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Inference;

public sealed class InferenceCorrectnessTests
{
    private const double Tolerance = 1e-5;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(64)]
    public async Task Mlp_matches_reference_computation(int batch)
    {
        var mlp = DemoModels.Mlp(layers: 3, width: 24, inputDim: 10, outputDim: 5, seed: 11);
        using var engine = EngineFactory.Create();
        var input = ReferenceNetworks.RandomFloats(batch * mlp.InputDim, seed: 100 + batch);

        var result = await engine.RunAsync(
            InferenceModel.FromBytes(mlp.ModelBytes),
            new Dictionary<string, TensorData> { ["input"] = TensorData.FromFloats(input, batch, mlp.InputDim) },
            Ct);

        var output = result.Outputs["output"];
        Assert.Equal(TensorElementType.Float32, output.ElementType);
        Assert.Equal([batch, mlp.OutputDim], output.Shape);
        var error = ReferenceNetworks.RelativeError(output.ToFloats(), ReferenceNetworks.Mlp(mlp.Layers, input, batch));
        Assert.True(error < Tolerance, $"relative error {error:E2}");
        Assert.Equal(ExecutionProviderSelector.Cpu, result.Provider);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public async Task ConvNet_matches_reference_computation(int batch)
    {
        var net = DemoModels.ConvNet(seed: 5, inChannels: 3, height: 12, width: 12, channels: [6, 8], classes: 7);
        using var engine = EngineFactory.Create();
        var input = ReferenceNetworks.RandomFloats(batch * 3 * 12 * 12, seed: 200 + batch);

        var result = await engine.RunAsync(
            InferenceModel.FromBytes(net.ModelBytes),
            new Dictionary<string, TensorData> { ["image"] = TensorData.FromFloats(input, batch, 3, 12, 12) },
            Ct);

        var logits = result.Outputs["logits"];
        Assert.Equal([batch, 7], logits.Shape);
        var error = ReferenceNetworks.RelativeError(logits.ToFloats(), ReferenceNetworks.ConvNet(net, input, batch));
        Assert.True(error < Tolerance, $"relative error {error:E2}");
    }

    [Fact]
    public async Task Default_demo_model_has_the_documented_signature()
    {
        using var engine = EngineFactory.Create();
        var signature = await engine.GetSignatureAsync(InferenceModel.FromBytes(DemoModels.Default.ModelBytes), Ct);

        Assert.Equal(new TensorSpec("input", TensorElementType.Float32, [-1, 16]), Assert.Single(signature.Inputs));
        Assert.Equal(new TensorSpec("output", TensorElementType.Float32, [-1, 4]), Assert.Single(signature.Outputs));
        Assert.Equal(2, DemoModels.Default.Layers.Count);
        // Fixed seed: the default model's bytes, and hence its content address, never change between builds.
        Assert.Equal(DemoModels.Default.Sha256, DemoModels.Mlp(2, 32, 16, 4, DemoModels.DefaultSeed, DemoModels.DefaultModelName).Sha256);
    }

    [Fact]
    public async Task Float16_variant_runs_with_half_precision_inputs_and_outputs()
    {
        var mlp = DemoModels.Mlp(layers: 2, width: 16, inputDim: 8, outputDim: 3, seed: 3, elementType: TensorElementType.Float16);
        using var engine = EngineFactory.Create();
        var input = ReferenceNetworks.RandomFloats(4 * 8, seed: 9).Select(v => (Half)v).ToArray();

        var result = await engine.RunAsync(
            InferenceModel.FromBytes(mlp.ModelBytes, "fp16"),
            new Dictionary<string, TensorData> { ["input"] = TensorData.FromHalves(input, 4, 8) },
            Ct);

        var output = result.Outputs["output"];
        Assert.Equal(TensorElementType.Float16, output.ElementType);
        var expected = ReferenceNetworks.Mlp(mlp.Layers, input.Select(h => (float)h).ToArray(), 4);
        // Only the final cast to half loses precision: 11-bit mantissa, about 5e-4 relative.
        Assert.True(ReferenceNetworks.RelativeError(output.ToFloatsConverted(), expected) < 1e-3);
    }

    [Fact]
    public async Task Integer_and_bool_tensors_round_trip_through_the_engine()
    {
        var model = new OnnxModelBuilder("types")
            .Input("counts", TensorElementType.Int64, "n")
            .Input("ids", TensorElementType.Int32, "n")
            .Input("mask", TensorElementType.Bool, "n")
            .Initializer("one", TensorData.FromInt64s([1L], 1))
            .Initializer("two", TensorData.FromInt32s([2], 1))
            .Add("counts", "one", "counts_plus_one")
            .Node("Mul", ["ids", "two"], ["ids_times_two"])
            .Node("Not", ["mask"], ["mask_inverted"])
            .Output("counts_plus_one", TensorElementType.Int64, "n")
            .Output("ids_times_two", TensorElementType.Int32, "n")
            .Output("mask_inverted", TensorElementType.Bool, "n")
            .Build();
        using var engine = EngineFactory.Create();

        var result = await engine.RunAsync(
            InferenceModel.FromBytes(model),
            new Dictionary<string, TensorData>
            {
                ["counts"] = TensorData.FromInt64s([5L, -7L, long.MaxValue - 1]),
                ["ids"] = TensorData.FromInt32s([1, -2, 300]),
                ["mask"] = TensorData.FromBools([true, false, true]),
            },
            Ct);

        Assert.Equal([6L, -6L, long.MaxValue], result.Outputs["counts_plus_one"].ToInt64s());
        Assert.Equal([2, -4, 600], result.Outputs["ids_times_two"].ToInt32s());
        Assert.Equal([false, true, false], result.Outputs["mask_inverted"].ToBools());
    }
}
