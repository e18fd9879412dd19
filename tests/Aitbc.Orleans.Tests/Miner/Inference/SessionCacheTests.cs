using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Tests.Miner.Inference;

/// <summary>Loaded sessions are kept least recently used first out within a memory budget, never closed under a run.</summary>
public sealed class SessionCacheTests
{
    private static readonly DemoMlp[] Models = [.. Enumerable.Range(1, 3).Select(seed => DemoModels.Mlp(2, 256, 16, 4, seed, $"cache-{seed}"))];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_least_recently_used_session_is_closed_when_the_budget_is_exceeded()
    {
        // Room for two of the three models (and their small buffers), not for three.
        using var engine = EngineFactory.Create(configure: o => o.SessionMemoryBudgetBytes = (long)(Models[0].ModelBytes.Length * 2.5));
        var (a, b, c) = (Model(0), Model(1), Model(2));

        await engine.RunAsync(a, Inputs, Ct);
        await engine.RunAsync(b, Inputs, Ct);
        Assert.True((await engine.RunAsync(a, Inputs, Ct)).SessionCacheHit); // a is now more recent than b
        await engine.RunAsync(c, Inputs, Ct);

        Assert.Equal(2, engine.CachedSessionCount);
        Assert.True(engine.CachedSessionBytes <= (long)(Models[0].ModelBytes.Length * 2.5));
        Assert.True((await engine.RunAsync(a, Inputs, Ct)).SessionCacheHit);
        Assert.False((await engine.RunAsync(b, Inputs, Ct)).SessionCacheHit); // b was the one closed
    }

    [Fact]
    public async Task A_session_in_use_is_not_closed_and_still_runs_until_its_lease_ends()
    {
        using var engine = EngineFactory.Create(maxConcurrency: 2, configure: o => o.SessionMemoryBudgetBytes = Models[0].ModelBytes.Length);
        var (a, b) = (Model(0), Model(1));
        long[][] shapes = [[1, 16]];

        using (var lease = await engine.AcquireAsync(a, shapes, Ct))
        {
            await engine.RunAsync(b, Inputs, Ct); // over budget, but a is leased, so b's arrival cannot close it

            Assert.Equal(2, engine.CachedSessionCount);
            lease.Run(Ct);
            Assert.Equal([1L, 4L], lease.OutputShape(0).ToArray());
        }

        await engine.RunAsync(Model(2), Inputs, Ct); // now a is idle and the least recently used
        Assert.False((await engine.RunAsync(a, Inputs, Ct)).SessionCacheHit);
    }

    private static Dictionary<string, TensorData> Inputs => new() { ["input"] = TensorData.FromFloats(new float[16], 1, 16) };

    private static InferenceModel Model(int index) => InferenceModel.FromBytes(Models[index].ModelBytes);
}
