using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Tests.Miner.Inference;

/// <summary>Outputs are capped in bytes and held to the model's signature, the registered one included.</summary>
public sealed class OutputCheckTests
{
    private static readonly byte[] Demo = DemoModels.Default.ModelBytes;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Outputs_over_the_byte_cap_fail_the_run_and_smaller_ones_pass()
    {
        using var engine = EngineFactory.Create(configure: o => o.MaxOutputBytes = 100);
        var model = InferenceModel.FromBytes(Demo);

        var error = await Assert.ThrowsAsync<InferenceOutputException>(() => engine.RunAsync(model, Inputs(8), Ct)); // 8 x 4 floats = 128 bytes

        Assert.True(error.TooLarge);
        Assert.Contains("128 bytes, more than this miner's cap of 100", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, engine.InFlight);
        Assert.Equal(new long[] { 4, 4 }, (await engine.RunAsync(model, Inputs(4), Ct)).Outputs["output"].Shape); // 64 bytes
    }

    [Fact]
    public async Task Outputs_whose_shape_only_a_run_tells_are_capped_too()
    {
        using var engine = EngineFactory.Create(configure: o => o.MaxOutputBytes = 100);
        var model = InferenceModel.FromBytes(TestModels.UndeclaredOutputRows());
        var input = new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats(new float[8 * 4], 8, 4) };

        var error = await Assert.ThrowsAsync<InferenceOutputException>(() => engine.RunAsync(model, input, Ct));

        Assert.True(error.TooLarge);
    }

    [Fact]
    public async Task A_model_file_that_differs_from_its_registered_signature_is_not_run()
    {
        using var engine = EngineFactory.Create();
        var registered = new ModelSignature(
            [new TensorSpec("input", TensorElementType.Float32, [-1, 16])],
            [new TensorSpec("output", TensorElementType.Float32, [-1, 5]), new TensorSpec("scores", TensorElementType.Float32, [-1])]);

        var error = await Assert.ThrowsAsync<ModelLoadException>(
            () => engine.RunAsync(InferenceModel.FromBytes(Demo, declared: registered), Inputs(1), Ct));

        Assert.Contains("does not match its registered signature", error.Message, StringComparison.Ordinal);
        Assert.Contains("The output 'output' has dimension 1 of 4 in the file but 5 registered.", error.Message, StringComparison.Ordinal);
        Assert.Contains("The file has no output 'scores'.", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, engine.CachedSessionCount);
    }

    [Fact]
    public async Task A_registered_fixed_dimension_holds_the_outputs_the_file_leaves_open()
    {
        using var engine = EngineFactory.Create();
        // Registered for batches of exactly 2; the file itself accepts any batch.
        var registered = new ModelSignature(
            [new TensorSpec("input", TensorElementType.Float32, [-1, 16])],
            [new TensorSpec("output", TensorElementType.Float32, [2, 4])]);
        var model = InferenceModel.FromBytes(Demo, declared: registered);

        Assert.Equal(new long[] { 2, 4 }, (await engine.RunAsync(model, Inputs(2), Ct)).Outputs["output"].Shape);
        var error = await Assert.ThrowsAsync<InferenceOutputException>(() => engine.RunAsync(model, Inputs(3), Ct));
        Assert.False(error.TooLarge);
        Assert.Contains("Output 'output' has shape [3,4], which its signature output: Float32[2,4] does not allow", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, TensorData> Inputs(int batch) =>
        new() { ["input"] = TensorData.FromFloats(ReferenceNetworks.RandomFloats(batch * 16, seed: batch), batch, 16) };
}
