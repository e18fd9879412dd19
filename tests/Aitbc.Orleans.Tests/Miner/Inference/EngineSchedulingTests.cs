using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tensors;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Inference;

public sealed class EngineSchedulingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Concurrency_limit_is_honoured_and_waiting_is_reported(int limit)
    {
        // Big enough that each run takes milliseconds.
        var mlp = DemoModels.Mlp(layers: 3, width: 384, inputDim: 384, outputDim: 8, seed: 1);
        var model = InferenceModel.FromBytes(mlp.ModelBytes);
        using var engine = EngineFactory.Create(maxConcurrency: limit);
        var inputs = new Dictionary<string, TensorData>
        {
            ["input"] = TensorData.FromFloats(ReferenceNetworks.RandomFloats(128 * 384, 2), 128, 384),
        };
        await engine.GetSignatureAsync(model, Ct);

        // Every slot is held (by leases, as a job being prepared holds one) while six runs are asked for: none may start,
        // and each must report the wait. Holding the slots makes the contention certain; six runs merely started together
        // may not contend on a loaded machine, where the first can finish before the next is asked for.
        var leases = new List<InferenceLease>();
        for (var i = 0; i < limit; i++)
        {
            leases.Add(await engine.AcquireAsync(model, [[128, 384]], Ct));
        }

        var runs = Enumerable.Range(0, 6).Select(_ => engine.RunAsync(model, inputs, Ct)).ToArray();
        var held = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromMilliseconds(100), Ct);
        Assert.All(runs, r => Assert.False(r.IsCompleted, "a run started while every slot was held"));
        Assert.Equal(limit, engine.InFlight);
        var heldFor = held.Elapsed;
        leases.ForEach(l => l.Dispose());
        var results = await Task.WhenAll(runs);

        Assert.InRange(engine.PeakInFlight, 1, limit);
        Assert.Equal(0, engine.InFlight);
        // Each run was asked for before the hold began, so each waited at least as long as the hold.
        Assert.All(results, r => Assert.True(r.Timings.QueueWait >= heldFor, $"queue wait {r.Timings.QueueWait} < the hold {heldFor}"));
        Assert.All(results, r => Assert.Equal([128, 8], r.Outputs["output"].Shape));
    }

    [Fact]
    public async Task Second_run_reuses_the_cached_session()
    {
        using var engine = EngineFactory.Create();
        var model = InferenceModel.FromBytes(DemoModels.Default.ModelBytes);
        var inputs = new Dictionary<string, TensorData> { ["input"] = TensorData.FromFloats(new float[16], 1, 16) };

        var first = await engine.RunAsync(model, inputs, Ct);
        var second = await engine.RunAsync(model, inputs, Ct);

        Assert.False(first.SessionCacheHit);
        Assert.True(first.Timings.ModelLoad > TimeSpan.Zero);
        Assert.True(second.SessionCacheHit);
        Assert.Equal(TimeSpan.Zero, second.Timings.ModelLoad);
        Assert.Equal(1, engine.CachedSessionCount);
        Assert.Equal(first.Outputs["output"], second.Outputs["output"]);
    }

    [Fact]
    public async Task Sessions_are_cached_per_variant_and_can_be_evicted()
    {
        using var engine = EngineFactory.Create();
        var bytes = DemoModels.Default.ModelBytes;
        var inputs = new Dictionary<string, TensorData> { ["input"] = TensorData.FromFloats(new float[16], 1, 16) };

        await engine.RunAsync(InferenceModel.FromBytes(bytes, "fp32"), inputs, Ct);
        var otherVariant = await engine.RunAsync(InferenceModel.FromBytes(bytes, "fp32-fast"), inputs, Ct);

        Assert.False(otherVariant.SessionCacheHit);
        Assert.Equal(2, engine.CachedSessionCount);
        Assert.True(engine.Evict(InferenceModel.FromBytes(bytes, "fp32")));
        Assert.Equal(1, engine.CachedSessionCount);
        Assert.False((await engine.RunAsync(InferenceModel.FromBytes(bytes, "fp32"), inputs, Ct)).SessionCacheHit);
    }

    [Fact]
    public async Task Model_from_file_runs_like_model_from_bytes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"aitbc-model-{Guid.NewGuid():N}.onnx");
        await File.WriteAllBytesAsync(path, DemoModels.Default.ModelBytes, Ct);
        try
        {
            using var engine = EngineFactory.Create();
            var inputs = new Dictionary<string, TensorData> { ["input"] = TensorData.FromFloats(ReferenceNetworks.RandomFloats(16, 4), 1, 16) };

            var fromFile = await engine.RunAsync(InferenceModel.FromFile(path, DemoModels.Default.Sha256), inputs, Ct);
            var fromBytes = await engine.RunAsync(InferenceModel.FromBytes(DemoModels.Default.ModelBytes), inputs, Ct);

            Assert.Equal(fromBytes.Outputs["output"], fromFile.Outputs["output"]);
            Assert.True(fromBytes.SessionCacheHit); // same sha256 and variant: one session serves both
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Garbage_model_bytes_fail_with_a_load_error()
    {
        using var engine = EngineFactory.Create();
        var error = await Assert.ThrowsAsync<ModelLoadException>(
            () => engine.GetSignatureAsync(InferenceModel.FromBytes([1, 2, 3, 4, 5]), Ct));
        Assert.Contains("could not load model", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, engine.CachedSessionCount);
    }
}
