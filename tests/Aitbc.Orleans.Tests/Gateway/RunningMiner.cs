using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>A test miner registered for one test; disposal takes it (and its GPU) out of routing.</summary>
public sealed class RunningMiner(IClusterClient client, TestMiner miner, GpuRegistration gpu) : IAsyncDisposable
{
    public TestMiner Miner => miner;

    public string MinerId => miner.MinerId;

    public string GpuId => gpu.GpuId;

    /// <summary>After a jump of the cluster's fake clock: the rig heartbeats again, registering again if its session ended.</summary>
    public Task Resume() => miner.Resume(client, [gpu]);

    public async ValueTask DisposeAsync()
    {
        await client.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
        miner.Dispose();
    }
}
