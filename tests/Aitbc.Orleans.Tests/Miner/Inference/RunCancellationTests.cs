using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Tests.Fixtures;
using Microsoft.ML.OnnxRuntime;

namespace Aitbc.Orleans.Tests.Miner.Inference;

/// <summary>Cancelling a run stops ONNX Runtime inside the run (RunOptions.Terminate) and frees the device slot.</summary>
public sealed class RunCancellationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cancelling_a_long_run_stops_onnx_runtime_mid_run_and_frees_the_slot()
    {
        // 3,000 layers at batch 1024 (1.6 TFLOP): several seconds even on an idle machine at full AVX-512 speed, in a
        // 1 MiB file. 400 layers took 0.9 s there, and the run sometimes ended before the cancellation reached it.
        var model = InferenceModel.FromBytes(TestModels.SlowChain(layers: 3000, width: 512));
        using var engine = EngineFactory.Create(maxConcurrency: 1);
        var inputs = new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats(ReferenceNetworks.RandomFloats(1024 * 512, seed: 1), 1024, 512) };
        await engine.GetSignatureAsync(model, Ct);
        using var cancellation = new CancellationTokenSource();

        var run = engine.RunAsync(model, inputs, cancellation.Token);
        await TestWait.Until(() => Task.FromResult(engine.InFlight == 1), TimeSpan.FromSeconds(30));
        await Task.Delay(200, Ct); // let it get into ONNX Runtime's layers
        await cancellation.CancelAsync();

        // A generous bound: a run ONNX Runtime ignored would finish instead of throwing, so this is not a timing test.
        var stopped = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(20), Ct));
        Assert.IsType<OnnxRuntimeException>(stopped.InnerException); // terminated inside the run, not before it
        Assert.Equal(0, engine.InFlight);
        Assert.Equal(1, engine.CancelledRuns);
        var next = engine.AcquireAsync(model, [[1, 512]], Ct);
        var immediate = next.IsCompletedSuccessfully; // the slot is free again
        (await next).Dispose();
        Assert.True(immediate);
    }
}
