using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Aitbc.Orleans.Tests.Fleet;

/// <summary>A miner's GPUs as rows of one shard grain: no activation per GPU, one durable record per rig.</summary>
public sealed class GpuRowsTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Registering_heartbeating_and_reserving_activate_no_grain_per_gpu()
    {
        using var miner = new TestMiner(fixture.Client, TestMiner.NewMinerId());
        var gpus = Enumerable.Range(0, 4).Select(i => miner.GpuId($"g{i}")).ToArray();
        await miner.Register(fixture.Client, gpus.Select(g => TestMiner.Gpu(g, 48.85, 2.35)).ToArray()); // Paris
        Assert.True(await miner.Heartbeat(gpus));
        var reservation = await fixture.Client.GpuRow(gpus[0]).TryReserve(new ReservationRequest($"b-{Guid.NewGuid():N}", null, fixture.Time.GetUtcNow().AddMinutes(5)));
        Assert.True(reservation.Accepted, reservation.Reason);

        var activations = await fixture.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(null, null, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(activations, a => a.GrainId.Type.ToString() == "gpu" && a.GrainId.Key.ToString()!.StartsWith(miner.MinerId + ":", StringComparison.Ordinal));
        Assert.Single(activations, a => a.GrainId.Type.ToString() == "gpushard" && a.GrainId.Key.ToString() == miner.MinerId);
    }

    [Fact]
    public async Task The_rows_survive_their_shards_deactivation_with_what_was_written_and_the_profile_derived_again()
    {
        using var miner = new TestMiner(fixture.Client, TestMiner.NewMinerId());
        var hot = miner.GpuId("hot");
        var blocked = miner.GpuId("blocked");
        await miner.Register(fixture.Client, [TestMiner.Gpu(hot, 52.37, 4.90), TestMiner.Gpu(blocked, 52.37, 4.90)]); // Amsterdam
        Assert.True(await miner.Heartbeat([hot, blocked], temperatureC: 80));
        var rows = fixture.Client.GetGrain<IGpuShardGrain>(miner.MinerId);
        await rows.SetIntegrityBlock(blocked, "two wrong results");

        await fixture.Cluster.DeactivateAsync(rows);

        var hotView = await fixture.Client.GetGrain<IGpuGrain>(hot).GetSnapshot();
        Assert.NotNull(hotView);
        Assert.Equal("GeForce RTX 4090", hotView.Profile.Name);
        Assert.True(hotView.ProfileKnown);
        Assert.Equal(ThermalState.Warning, hotView.Thermal);
        Assert.True(hotView.Available);
        var blockedView = await fixture.Client.GetGrain<IGpuGrain>(blocked).GetSnapshot();
        Assert.False(blockedView!.Available);
        Assert.Equal("blocked by verification: two wrong results", blockedView.Routing.NotRoutableReason);

        // A GPU id that names no miner, or another miner, has no row here.
        Assert.Null(await fixture.Client.GetGrain<IGpuGrain>("no-miner-in-this-id").GetSnapshot());
        Assert.False((await fixture.Client.GpuRow("no-miner-in-this-id").TryReserve(new ReservationRequest("b", null, fixture.Time.GetUtcNow().AddMinutes(5)))).Accepted);
        await Assert.ThrowsAsync<ArgumentException>(() => rows.SetIntegrityBlock($"{TestMiner.NewMinerId()}:g0", "not mine"));
    }

    [Fact]
    public async Task Reserving_and_releasing_reuse_two_summaries_until_anything_else_about_the_gpu_changes()
    {
        using var miner = new TestMiner(fixture.Client, TestMiner.NewMinerId());
        var gpu = miner.GpuId("g0");
        var rome = new GeoPoint(41.90, 12.50);
        await miner.Register(fixture.Client, [TestMiner.Gpu(gpu, rome.Latitude, rome.Longitude)]);
        Assert.True(await miner.Heartbeat([gpu]));
        var until = fixture.Time.GetUtcNow().AddMinutes(5);

        // Each silo's first sight of the region re-sends the GPU as a renewal, which drops the reserved twin (CI once saw
        // it land between two reservations): let it pass first.
        await fixture.RegionEpochChecked(RegionCatalog.Default.RegionOf(rome).Id);

        // Called from the shard's own silo, a reservation's answer is the very summary the row published (not a copy).
        var activations = await fixture.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(null, null, TestContext.Current.CancellationToken);
        var shardSilo = activations.Single(a => a.GrainId.Type.ToString() == "gpushard" && a.GrainId.Key.ToString() == miner.MinerId).SiloAddress;
        var row = fixture.Cluster.GetActiveSilos().Single(s => s.SiloAddress.Equals(shardSilo)).ServiceProvider.GetRequiredService<IGrainFactory>().GpuRow(gpu);
        async Task<GpuRoutingSummary> Reserve(string booking)
        {
            var result = await row.TryReserve(new ReservationRequest(booking, null, until));
            Assert.True(result.Accepted, result.Reason);
            return result.Summary!;
        }

        // A release is one-way: wait until the shard has taken it.
        async Task Release(string booking)
        {
            await row.Release(booking);
            await TestWait.Until(async () => (await fixture.Client.GetGrain<IGpuGrain>(gpu).GetSnapshot())!.Routing.FreeSlots == 1, TimeSpan.FromSeconds(30), "the release was not taken");
        }

        var busy = await Reserve("b1");
        Assert.Equal(0, busy.FreeSlots);
        await Release("b1");

        // The next reservation hands out the first one's summary again, not a new object for the row, the region's
        // index and the snapshot to store.
        Assert.Same(busy, await Reserve("b2"));

        // Anything else changes (a hot heartbeat): what the region gets after the release carries it, not the old twin.
        Assert.True(await miner.Heartbeat([gpu], temperatureC: 80));
        await Release("b2");
        await fixture.SnapshotsCaughtUp();
        var region = fixture.Client.GetGrain<IRegionGrain>(RegionCatalog.Default.RegionOf(rome).Id);
        var released = (await region.ListGpus()).Single(g => g.GpuId == gpu);
        Assert.Equal((1, ThermalState.Warning), (released.FreeSlots, released.Thermal));
        var hot = await Reserve("b3");
        Assert.Equal((0, ThermalState.Warning), (hot.FreeSlots, hot.Thermal));
        Assert.NotSame(busy, hot);
    }

    [Fact]
    public async Task A_reading_that_wavers_about_a_rounding_boundary_keeps_its_published_value_until_it_moves_three_quarters_of_a_step()
    {
        using var miner = new TestMiner(fixture.Client, TestMiner.NewMinerId());
        var gpu = miner.GpuId("g0");
        await miner.Register(fixture.Client, [TestMiner.Gpu(gpu, 52.52, 13.40)]); // Berlin
        var region = RegionCatalog.Default.RegionOf(new GeoPoint(52.52, 13.40)).Id;
        async Task<double> HeadroomAfter(double temperatureC)
        {
            Assert.True(await miner.Heartbeat([gpu], temperatureC: temperatureC));
            return (await fixture.Client.GetGrain<IGpuGrain>(gpu).GetSnapshot())!.Routing.ThermalHeadroomC;
        }

        // Headroom is 85 °C (critical) less the reading, published in 5 °C steps: 60 °C publishes 25.
        Assert.Equal(25, await HeadroomAfter(60));

        // 28 and 22 would round to 30 and 20; both are within 3.75 of 25, so the summary is not republished.
        Assert.Equal(25, await HeadroomAfter(57));

        // A re-send to a restarted region (as each silo's first sight of the region also does) keeps the held value: it
        // renews what was published. Rebuilt from the raw 57 °C it published 30, and 63 °C then 20 (CI saw that).
        await fixture.Client.GetGrain<IGpuShardGrain>(miner.MinerId).Republish(region);
        Assert.Equal(25, await HeadroomAfter(63));
        Assert.Equal(25, await HeadroomAfter(57));

        // 29 is 4 away: the reading moves, to its rounded value, and the hold now sits there.
        Assert.Equal(30, await HeadroomAfter(56));
        Assert.Equal(30, await HeadroomAfter(58));
        Assert.Equal(20, await HeadroomAfter(64));
    }
}

