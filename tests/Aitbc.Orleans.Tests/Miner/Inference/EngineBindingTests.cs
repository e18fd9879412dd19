using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Tests.Miner.Inference;

/// <summary>Pooled bindings: outputs whose shapes only a run tells, data-dependent shapes, bounded pools, leases.</summary>
public sealed class EngineBindingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Outputs_whose_shape_only_a_run_tells_are_right_on_the_first_run_and_after_they_are_bound()
    {
        using var engine = EngineFactory.Create();
        var model = InferenceModel.FromBytes(TestModels.UndeclaredOutputRows());
        for (var run = 0; run < 3; run++)
        {
            var input = ReferenceNetworks.RandomFloats(3 * 4, seed: 40 + run);

            var result = await engine.RunAsync(model, new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats(input, 3, 4) }, Ct);

            Assert.Equal([3, 4], result.Outputs["y"].Shape);
            Assert.Equal(input.Select(v => Math.Max(0f, v)), result.Outputs["y"].ToFloats());
        }
    }

    [Fact]
    public async Task Data_dependent_output_shapes_are_right_for_every_run_of_the_same_input_shape()
    {
        using var engine = EngineFactory.Create();
        var model = InferenceModel.FromBytes(TestModels.NonZero());
        float[][] inputs = [[0, 1, 0, 2, 3, 0], [5, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 0], [0, 0, 0, 0, 0, 0]];
        foreach (var input in inputs)
        {
            var result = await engine.RunAsync(model, new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats(input, 6) }, Ct);

            var expected = Enumerable.Range(0, input.Length).Where(i => input[i] != 0).Select(i => (long)i).ToArray();
            Assert.Equal([1L, expected.Length], result.Outputs["indices"].Shape);
            Assert.Equal(expected, result.Outputs["indices"].ToInt64s());
        }
    }

    [Fact]
    public async Task Pooled_buffers_are_kept_for_the_most_recently_used_shapes_only()
    {
        var demo = DemoModels.Default;
        using var engine = EngineFactory.Create(configure: o => o.MaxShapesPerModel = 2);
        var model = InferenceModel.FromBytes(demo.ModelBytes);
        foreach (var batch in new[] { 10, 20, 30, 40, 50, 60 })
        {
            await engine.RunAsync(model, Inputs(batch), Ct);
        }

        // Weights once, plus the input and output buffers of batches 50 and 60.
        long BufferBytes(int batch) => batch * (demo.InputDim + demo.OutputDim) * sizeof(float);
        Assert.Equal(demo.ModelBytes.Length + BufferBytes(50) + BufferBytes(60), engine.CachedSessionBytes);
    }

    [Fact]
    public async Task A_lease_gives_the_slot_back_and_cannot_be_used_after_it_is_disposed()
    {
        using var engine = EngineFactory.Create();
        var model = InferenceModel.FromBytes(DemoModels.Default.ModelBytes);
        long[][] shapes = [[2, 16]];

        var lease = await engine.AcquireAsync(model, shapes, Ct);
        var waiting = engine.AcquireAsync(model, shapes, Ct);
        Assert.False(waiting.IsCompleted); // the only slot is taken
        lease.Dispose();

        using var second = await waiting; // the slot came back, and the pooled binding with it
        Assert.Throws<ObjectDisposedException>(() => lease.Run(Ct));
        lease.Dispose(); // a second Dispose is harmless: it does not release the slot the second lease holds
        Assert.Equal(1, engine.InFlight);
        second.Run(Ct);
        Assert.Equal([2L, 4L], second.OutputShape(0).ToArray());
    }

    [Fact]
    public async Task Shapes_the_model_cannot_take_are_refused_before_anything_runs_and_free_the_slot()
    {
        using var engine = EngineFactory.Create();
        var model = InferenceModel.FromBytes(DemoModels.Default.ModelBytes);

        var error = await Assert.ThrowsAsync<InferenceInputException>(() => engine.AcquireAsync(model, [[2, 15]], Ct).AsTask());

        Assert.Contains("Input 'input' dimension 1 is 15 but the model expects input: Float32[-1,16]", Assert.Single(error.Errors), StringComparison.Ordinal);
        Assert.Equal(0, engine.InFlight);
        var next = engine.AcquireAsync(model, [[2, 16]], Ct);
        var immediate = next.IsCompletedSuccessfully;
        (await next).Dispose();
        Assert.True(immediate);
    }

    private static Dictionary<string, TensorData> Inputs(int batch) =>
        new() { ["input"] = TensorData.FromFloats(ReferenceNetworks.RandomFloats(batch * 16, seed: batch), batch, 16) };
}
