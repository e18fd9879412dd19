using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Fleet;

/// <summary>
/// A region does not store its index: a new activation starts empty and is sent its GPUs again by their shards. The
/// domain clock stands still in these tests, so no GPU's periodic renewal can be what brings it back.
/// </summary>
public sealed class RegionRebuildTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_restarted_region_knows_its_online_gpus_again_without_storing_them_and_without_renewals()
    {
        const string region = "af-south";
        using var online = new TestMiner(fixture.Client, TestMiner.NewMinerId());
        using var gone = new TestMiner(fixture.Client, TestMiner.NewMinerId());
        var onlineGpu = online.GpuId("a");
        var goneGpu = gone.GpuId("b");
        await online.Register(fixture.Client, [TestMiner.Gpu(onlineGpu, -26.20, 28.05)]); // Johannesburg
        await gone.Register(fixture.Client, [TestMiner.Gpu(goneGpu, -25.75, 28.19)]); // Pretoria
        var grain = fixture.Client.GetGrain<IRegionGrain>(region);
        Assert.Contains(await grain.ListGpus(), g => g.GpuId == onlineGpu);
        Assert.Contains(await grain.ListGpus(), g => g.GpuId == goneGpu);
        await fixture.Client.GetGrain<IMinerGrain>(gone.MinerId).Deregister();

        await fixture.Cluster.DeactivateAsync(grain);

        // Every silo's snapshot sees the new activation's epoch and the shards it hosts send their online GPUs again.
        var ids = await WaitFor(grain, gpus => gpus.Contains(onlineGpu));
        Assert.Contains(onlineGpu, ids);
        Assert.DoesNotContain(goneGpu, ids);
        await fixture.Client.GetGrain<IMinerGrain>(online.MinerId).Deregister();
    }

    [Fact]
    public async Task A_gpu_that_goes_offline_after_a_region_restart_leaves_the_rebuilt_index()
    {
        const string region = "sa-east";
        using var miner = new TestMiner(fixture.Client, TestMiner.NewMinerId());
        var gpuId = miner.GpuId("a");
        await miner.Register(fixture.Client, [TestMiner.Gpu(gpuId, -23.55, -46.63)]); // São Paulo
        var grain = fixture.Client.GetGrain<IRegionGrain>(region);
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Contains(gpuId, await WaitFor(grain, gpus => gpus.Contains(gpuId)));

        await fixture.Client.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
        Assert.DoesNotContain(await grain.ListGpus(), g => g.GpuId == gpuId);
    }

    [Fact]
    public async Task A_region_whose_occupancy_the_fleet_directory_failed_to_store_publishes_it_again()
    {
        const string region = "oc-nz";
        using var miner = new TestMiner(fixture.Client, TestMiner.NewMinerId());
        var gpuId = miner.GpuId("a");
        fixture.Faults.FailWrites<Dictionary<string, RegionOccupancy>>("fleet", "fleetdirectory", d => d.TryGetValue(region, out var o) && o.GpuCount > 0);

        // The directory's write of the region's first GPU fails (whether the registration sees it depends on the path).
        await Record.ExceptionAsync(() => miner.Register(fixture.Client, [TestMiner.Gpu(gpuId, -43.53, 172.64)])); // Christchurch
        Assert.Contains(gpuId, await WaitFor(fixture.Client.GetGrain<IRegionGrain>(region), gpus => gpus.Contains(gpuId)));
        await TestWait.Until(() => Task.FromResult(fixture.Faults.Injected("fleetdirectory") == 1), Patience, "the directory's write failed once");

        // What storage holds is what counts (a fresh activation reads it): the region's next flush publishes again.
        var directory = fixture.Client.GetGrain<IFleetDirectoryGrain>("fleet");
        await TestWait.Until(
            async () =>
            {
                await fixture.Cluster.DeactivateAsync(directory);
                return (await directory.GetRegions()).Any(r => r.Region == region && r.GpuCount == 1);
            },
            Patience,
            "the directory stored the region's occupancy");
        await fixture.Client.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
    }

    private static async Task<string[]> WaitFor(IRegionGrain grain, Func<string[], bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var ids = (await grain.ListGpus()).Select(g => g.GpuId).ToArray();
            if (condition(ids) || DateTime.UtcNow > deadline)
            {
                return ids;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
