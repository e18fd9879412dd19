using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Tests.Fixtures;

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
}
