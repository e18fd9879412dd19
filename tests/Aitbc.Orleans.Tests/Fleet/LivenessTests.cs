using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Rows;
using Aitbc.Orleans.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;

namespace Aitbc.Orleans.Tests.Fleet;

public sealed class LivenessTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_miner_is_offline_after_three_missed_heartbeats_and_not_before()
    {
        var (miner, gpuId, minerGrain) = await RegisteredMiner("live");
        using var _ = miner;
        var gpu = fixture.Client.GetGrain<IGpuGrain>(gpuId);
        var shard = fixture.Client.GetGrain<IGpuShardGrain>(miner.MinerId);

        fixture.Time.Advance(TimeSpan.FromSeconds(44)); // under 3 × 15 s
        await shard.CheckLiveness();
        Assert.True((await minerGrain.GetSnapshot())!.Online);
        Assert.True((await gpu.GetSnapshot())!.Available);

        Assert.True(await miner.Heartbeat([gpuId]));
        fixture.Time.Advance(TimeSpan.FromSeconds(46));
        await shard.CheckLiveness();

        // The GPU is offline when the check returns; the miner grain hears of it just after.
        await MinerOffline(minerGrain);
        var snapshot = await gpu.GetSnapshot();
        Assert.False(snapshot!.Online);
        Assert.False(snapshot.Available);
        Assert.Equal("offline", snapshot.Routing.NotRoutableReason);

        // A heartbeat after going offline is told to register again; registering brings the GPU back.
        Assert.False(await miner.Heartbeat([gpuId]));
        await miner.Register(fixture.Client, [TestMiner.Gpu(gpuId, 35.0, 33.0)], stake: 0);
        Assert.True((await gpu.GetSnapshot())!.Available);
        Assert.Equal(1, (await minerGrain.GetSnapshot())!.Reconnects);
    }

    [Fact]
    public async Task A_silent_miner_goes_offline_when_its_liveness_period_ends_without_anyone_asking()
    {
        var (miner, gpuId, minerGrain) = await RegisteredMiner("quiet");
        using var _ = miner;

        // Just inside the period: still online, and the check arms itself for when the period ends (under a second
        // from now by the domain clock), not for a heartbeat interval (15 s) later.
        fixture.Time.Advance(TimeSpan.FromSeconds(44.5));
        await fixture.Client.GetGrain<IGpuShardGrain>(miner.MinerId).CheckLiveness();
        Assert.True((await minerGrain.GetSnapshot())!.Online);

        // The domain clock passes the period; only the grain's own timer can notice now.
        // The timer fires under a second later in real time; the wait is generous because a loaded CI machine (tests run
        // in parallel) has been seen to take longer, and the loop ends as soon as the miner is offline.
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await minerGrain.GetSnapshot())!.Online && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.False((await minerGrain.GetSnapshot())!.Online);
        Assert.Equal("offline", (await fixture.Client.GetGrain<IGpuGrain>(gpuId).GetSnapshot())!.Routing.NotRoutableReason);
    }

    [Fact]
    public async Task Telemetry_updates_the_snapshot_and_republishes_the_region_summary_only_on_change()
    {
        using var miner = new TestMiner(fixture.Client, $"miner-{Guid.NewGuid():N}");
        var gpuId = miner.GpuId("tele");
        var registered = await miner.Register(fixture.Client, [TestMiner.Gpu(gpuId, -1.29, 36.82)]); // Nairobi
        var region = fixture.Client.GetGrain<IRegionGrain>("af-east");

        await miner.Heartbeat([gpuId], temperatureC: 60, powerW: 250, rttMs: 40);
        var snapshot = await fixture.Client.GetGrain<IGpuGrain>(gpuId).GetSnapshot();
        Assert.Equal(60, snapshot!.LastTelemetry!.TemperatureC);
        Assert.Equal("af-east", snapshot.Region);
        Assert.Equal("GeForce RTX 4090", snapshot.Profile.Name);
        Assert.True(snapshot.ProfileKnown);

        var listed = (await region.ListGpus()).Single(g => g.GpuId == gpuId);
        Assert.Equal(ThermalState.Normal, listed.Thermal);

        await miner.Heartbeat([gpuId], temperatureC: 80);
        listed = (await region.ListGpus()).Single(g => g.GpuId == gpuId);
        Assert.Equal(ThermalState.Warning, listed.Thermal);
        Assert.True(listed.Routable);
        Assert.Equal(registered.MinerId, listed.MinerId);
    }

    [Fact]
    public async Task A_rig_whose_miner_grain_lost_its_connection_is_told_to_register_again_once_anything_calls_that_grain()
    {
        var (miner, gpuId, minerGrain) = await RegisteredMiner("orphan");
        using var _ = miner;
        var shard = fixture.Client.GetGrain<IGpuShardGrain>(miner.MinerId);
        var gpu = fixture.Client.GetGrain<IGpuGrain>(gpuId);

        // The rig heartbeats its shard, not its miner grain; the miner grain's activation goes away (as with its silo)
        // and takes the connection with it. The rig's heartbeats alone would keep the GPU online and routable.
        await minerGrain.AsReference<IGrainManagementExtension>().DeactivateOnIdle(TestContext.Current.CancellationToken);
        Assert.True(await miner.Heartbeat([gpuId]));
        await shard.CheckLiveness(); // asks the miner grain only every few minutes
        Assert.True((await gpu.GetSnapshot())!.Available);

        // Any call activates the miner grain again (here an owner's read); stored as online without a connection, it
        // has the shard end the session at once.
        await minerGrain.GetSnapshot();
        await MinerOffline(minerGrain);
        Assert.Equal("offline", (await gpu.GetSnapshot())!.Routing.NotRoutableReason);
        Assert.False(await miner.Heartbeat([gpuId]));
        await miner.Register(fixture.Client, [TestMiner.Gpu(gpuId, 35.0, 33.0)], stake: 0);
        Assert.True((await gpu.GetSnapshot())!.Available);
        Assert.True(await miner.Heartbeat([gpuId]));
    }

    [Fact]
    public async Task A_rig_that_registers_again_as_its_miner_grain_comes_back_keeps_the_new_connection()
    {
        var (miner, gpuId, minerGrain) = await RegisteredMiner("rejoin");
        using var _ = miner;
        var shard = fixture.Client.GetGrain<IGpuShardGrain>(miner.MinerId);

        // The registration itself activates the miner grain, stored as online: the check that activation asks for races
        // the registration and may end the old session while the new one opens. Whatever the order, ending the old
        // session must not end the new one; the clock stands still here, so both carry the same time. CI saw a miner
        // left "not connected" while its shard took its heartbeats, and no job could be dispatched to it.
        for (var round = 0; round < 5; round++)
        {
            await minerGrain.AsReference<IGrainManagementExtension>().DeactivateOnIdle(TestContext.Current.CancellationToken);
            await miner.Register(fixture.Client, [TestMiner.Gpu(gpuId, 35.0, 33.0)], stake: 0);

            // What the race sends the miner grain arrives within moments of the registration (timers due at once).
            await Task.Delay(500, TestContext.Current.CancellationToken);
            Assert.True((await minerGrain.GetSnapshot())!.Online, $"round {round}: the new connection was ended");
            await shard.CheckConnection();
            Assert.True(await miner.Heartbeat([gpuId]), $"round {round}: the shard ended the session of the new connection");
            Assert.True((await fixture.Client.GetGrain<IGpuGrain>(gpuId).GetSnapshot())!.Available);
        }
    }

    [Fact]
    public async Task The_shard_asks_its_miner_grain_for_the_connection_every_few_minutes_and_ends_a_session_nobody_holds()
    {
        var (miner, gpuId, minerGrain) = await RegisteredMiner("asked");
        using var _ = miner;
        var shard = fixture.Client.GetGrain<IGpuShardGrain>(miner.MinerId);
        await minerGrain.AsReference<IGrainManagementExtension>().DeactivateOnIdle(TestContext.Current.CancellationToken);

        // Heartbeats keep coming every 15 s; after five minutes the periodic check asks the miner grain (activating it
        // without the connection), and the session ends.
        for (var beat = 0; beat < 21; beat++)
        {
            fixture.Time.Advance(TimeSpan.FromSeconds(15));
            Assert.True(await miner.Heartbeat([gpuId]));
        }

        await shard.CheckLiveness();
        Assert.Equal("offline", (await fixture.Client.GetGrain<IGpuGrain>(gpuId).GetSnapshot())!.Routing.NotRoutableReason);
        Assert.False(await miner.Heartbeat([gpuId]));
        await MinerOffline(minerGrain);
    }

    [Fact]
    public async Task A_daemon_from_before_the_one_call_heartbeat_keeps_its_session_by_heartbeating_its_miner_grain()
    {
        var (miner, gpuId, minerGrain) = await RegisteredMiner("old-daemon");
        using var _ = miner;
        GpuHeartbeat[] Beat(double temperatureC) => [new GpuHeartbeat(gpuId, new GpuTelemetry(temperatureC, 200, 50, 1000, 20, 100))];
        var shard = fixture.Client.GetGrain<IGpuShardGrain>(miner.MinerId);

        // Such a daemon sends its heartbeat to its miner grain: it reaches the shard, whose liveness runs from it. Two
        // 30 s gaps without it would pass the 45 s liveness period.
        for (var beat = 0; beat < 3; beat++)
        {
            fixture.Time.Advance(TimeSpan.FromSeconds(30));
            Assert.True(await minerGrain.Heartbeat(Beat(41 + beat)), $"beat {beat}: the session was lost");
            await shard.CheckLiveness();
        }

        var snapshot = await fixture.Client.GetGrain<IGpuGrain>(gpuId).GetSnapshot();
        Assert.True(snapshot!.Available);
        Assert.Equal(43, snapshot.LastTelemetry!.TemperatureC);
        Assert.True((await minerGrain.GetSnapshot())!.Online);

        // Quiet past the liveness period: offline, and the old call answers "register again", as it did.
        fixture.Time.Advance(TimeSpan.FromSeconds(46));
        await shard.CheckLiveness();
        await MinerOffline(minerGrain);
        Assert.False(await minerGrain.Heartbeat(Beat(44)));
    }

    [Fact]
    public async Task A_heartbeat_does_not_bring_back_a_gpu_the_rig_no_longer_registers()
    {
        var miner = new TestMiner(fixture.Client, $"miner-{Guid.NewGuid():N}");
        using var _ = miner;
        var kept = miner.GpuId("kept");
        var dropped = miner.GpuId("dropped");
        await miner.Register(fixture.Client, [TestMiner.Gpu(kept, 35.0, 33.0), TestMiner.Gpu(dropped, 35.0, 33.0)]);
        await miner.Register(fixture.Client, [TestMiner.Gpu(kept, 35.0, 33.0)], stake: 0);
        Assert.False((await fixture.Client.GetGrain<IGpuGrain>(dropped).GetSnapshot())!.Online);

        Assert.True(await miner.Heartbeat([kept, dropped]));
        Assert.False((await fixture.Client.GetGrain<IGpuGrain>(dropped).GetSnapshot())!.Online);
        Assert.True((await fixture.Client.GetGrain<IGpuGrain>(kept).GetSnapshot())!.Online);
    }

    /// <summary>Waits for the miner grain to be told its session ended (delivered just after the shard's turn).</summary>
    private static async Task MinerOffline(IMinerGrain minerGrain)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await minerGrain.GetSnapshot())!.Online && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.False((await minerGrain.GetSnapshot())!.Online);
    }

    [Fact]
    public async Task Each_heartbeat_moves_the_liveness_check_back_until_the_connection_check_comes_first()
    {
        var (miner, gpuId, _) = await RegisteredMiner("beating");
        using var _ = miner;

        fixture.Time.Advance(TimeSpan.FromSeconds(15));
        Assert.True(await miner.Heartbeat([gpuId]));
        Assert.InRange(LivenessDueIn(miner.MinerId), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(45.5)); // a period after the beat

        // 4 min 45 s of heartbeats every 15 s: no check was needed, and the next falls at the connection check (5 min after
        // registering, 15 s from now), before the period after this beat would end (45 s).
        for (var beat = 1; beat < 19; beat++)
        {
            fixture.Time.Advance(TimeSpan.FromSeconds(15));
            Assert.True(await miner.Heartbeat([gpuId]));
        }

        Assert.InRange(LivenessDueIn(miner.MinerId), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15.5));
    }

    /// <summary>When the liveness watch of the silo holding the shard will check it next (process clock).</summary>
    private TimeSpan LivenessDueIn(string shardId) => fixture.Cluster.GetActiveSilos()
        .Select(s => s.ServiceProvider.GetRequiredService<ShardLivenessWatch>().DueIn(shardId))
        .Single(due => due is not null)!.Value;

    /// <summary>A miner with one GPU in Cyprus, registered; the caller disposes the miner.</summary>
    private async Task<(TestMiner Miner, string GpuId, IMinerGrain Grain)> RegisteredMiner(string gpuName)
    {
        var miner = new TestMiner(fixture.Client, $"miner-{Guid.NewGuid():N}");
        var gpuId = miner.GpuId(gpuName);
        await miner.Register(fixture.Client, [TestMiner.Gpu(gpuId, 35.0, 33.0)]);
        return (miner, gpuId, fixture.Client.GetGrain<IMinerGrain>(miner.MinerId));
    }
}
