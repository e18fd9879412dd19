using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Onnx.Building;

namespace Aitbc.Orleans.Tests.Miner.Inference;

/// <summary>Issue #18, acceptance 2: a steady-state run of a fixed-shape model allocates nothing on the managed heap.</summary>
public sealed class ZeroAllocationTests
{
    [Fact]
    public async Task Steady_state_runs_of_a_fixed_shape_allocate_nothing_on_the_managed_heap()
    {
        const int batch = 32;
        var mlp = DemoModels.Mlp(layers: 3, width: 64, inputDim: 24, outputDim: 6, seed: 21);
        var model = InferenceModel.FromBytes(mlp.ModelBytes);
        using var engine = EngineFactory.Create();
        using var cancellation = new CancellationTokenSource();
        long[][] shapes = [[batch, mlp.InputDim]];
        var input = ReferenceNetworks.RandomFloats(batch * mlp.InputDim, seed: 22);
        var expected = ReferenceNetworks.Mlp(mlp.Layers, input, batch);
        var output = new float[batch * mlp.OutputDim];

        // One lease = what a job does: take a slot and the pooled binding, write the inputs in place, run (with a
        // cancellable token, as jobs have), read the outputs in place, give everything back.
        void RunOnce()
        {
            var pending = engine.AcquireAsync(model, shapes, cancellation.Token);
            Assert.True(pending.IsCompletedSuccessfully); // loaded model, shape seen before: no waiting, no task
            using var lease = pending.Result;
            input.CopyTo(lease.Input<float>(0));
            lease.Run(cancellation.Token);
            lease.Output<float>(0).CopyTo(output);
        }

        // The first lease loads the session (off this thread) and allocates the binding; then warm up the path.
        using (await engine.AcquireAsync(model, shapes, cancellation.Token))
        {
        }

        for (var i = 0; i < 5; i++)
        {
            RunOnce();
        }

        // Everything measured runs synchronously on this one thread, so the per-thread counter sees all of it.
        const int runs = 50;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < runs; i++)
        {
            RunOnce();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(ReferenceNetworks.RelativeError(output, expected) < 1e-5); // and it really computed the model
        Assert.Equal(0, engine.InFlight);
    }
}
