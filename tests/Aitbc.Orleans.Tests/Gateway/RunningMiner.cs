using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>A test miner registered for one test; disposal takes it (and its GPU) out of routing.</summary>
public sealed class RunningMiner(IGrainFactory grains, TestMiner miner, string gpuId) : IAsyncDisposable
{
    public TestMiner Miner => miner;

    public string MinerId => miner.MinerId;

    public string GpuId => gpuId;

    public async ValueTask DisposeAsync()
    {
        await grains.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
        miner.Dispose();
    }
}
