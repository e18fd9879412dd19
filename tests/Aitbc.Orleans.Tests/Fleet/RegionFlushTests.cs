using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Fleet;

/// <summary>The region index is written by its flush timer; a flush whose write fails must be tried again, not forgotten.</summary>
public sealed class RegionFlushTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_region_flush_that_fails_is_written_by_a_later_flush()
    {
        const string region = "af-south";
        using var miner = new TestMiner(fixture.Client, TestMiner.NewMinerId());
        var gpuId = miner.GpuId("flush");
        fixture.Faults.FailWrites<RegionState>("region", region, s => s.Gpus.ContainsKey(gpuId));

        await miner.Register(fixture.Client, [TestMiner.Gpu(gpuId, -26.20, 28.05)]); // Johannesburg
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (fixture.Faults.Injected(region) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, fixture.Faults.Injected(region));

        // Deactivating flushes what is still unwritten; reloaded from storage, the region must hold the GPU.
        var grain = fixture.Client.GetGrain<IRegionGrain>(region);
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Contains(await grain.ListGpus(), g => g.GpuId == gpuId);
        await fixture.Client.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
    }
}
