using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// The test miners one test starts. Disposing deregisters them, so later tests in the same cluster never route to them.
/// </summary>
public sealed class TestMiners(IClusterClient client) : IAsyncDisposable
{
    private readonly List<(TestMiner Miner, GpuRegistration[] Gpus)> _miners = [];

    /// <summary>A funded, staked miner with these GPUs (ids "{minerId}:{device}", one miner), registered through the real miner grain.</summary>
    public async Task<TestMiner> Start(params GpuRegistration[] gpus)
    {
        var miner = TestMiner.For(client, gpus);
        _miners.Add((miner, gpus));
        await miner.Register(client, gpus);
        return miner;
    }

    /// <summary>Registers every miner again, as a daemon does when its miner grain lost the connection (a silo died).</summary>
    public async Task RegisterAgain()
    {
        foreach (var (miner, gpus) in _miners)
        {
            await miner.Register(client, gpus);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (miner, _) in _miners)
        {
            await client.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
            miner.Dispose();
        }
    }
}
