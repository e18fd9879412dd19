using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Pricing;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Routing.Snapshot;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Tests.Routing;

/// <summary>The regions' changes reaching every silo's snapshot by the sync's own pulls, and what pricing reads there.</summary>
public sealed class SnapshotSyncTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private IGrainFactory Grains => fixture.Client;

    private static string Id(string name) => $"{name}-{Guid.NewGuid():N}";

    private Task EverySnapshot(Func<GpuRoutingSummary?, bool> holds, string gpuId, string what) =>
        TestWait.Until(() => Task.FromResult(fixture.Snapshots.All(s => holds(s.Find(gpuId)))), Patience, $"every silo's snapshot {what}");

    [Fact]
    public async Task Every_silo_follows_a_gpu_joining_changing_and_leaving_without_being_asked()
    {
        using var miner = new TestMiner(Grains, Id("miner"));
        var gpu = miner.GpuId("gpu");
        await miner.Register(fixture.Client, [TestMiner.Gpu(gpu, 64.1, -21.9)]);
        await EverySnapshot(g => g is { Routable: true }, gpu, "holds the new GPU");

        await miner.Heartbeat([gpu], temperatureC: 88);
        await EverySnapshot(g => g is { Routable: false, NotRoutableReason: "thermal critical" }, gpu, "sees it hot");

        await Grains.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
        await EverySnapshot(g => g is null, gpu, "has dropped the offline GPU");
    }

    [Fact]
    public async Task A_stopping_silo_does_not_wait_for_the_syncs_long_polls()
    {
        // A sync of its own beside the silo's, started and stopped by itself on that silo's grain factory.
        var silo = fixture.Cluster.GetActiveSilos().First().ServiceProvider;
        var snapshot = new FleetSnapshot();
        using var sync = new FleetSnapshotSync(
            snapshot, silo.GetRequiredService<IGrainFactory>(), silo.GetRequiredService<IOptions<RoutingOptions>>(), NullLogger<FleetSnapshotSync>.Instance);
        var lifecycle = new RecordingSiloLifecycle();
        sync.Participate(lifecycle);
        var participant = Assert.Single(lifecycle.Observers).Observer;
        await participant.OnStart(TestContext.Current.CancellationToken);

        // Each region's first pull answers at once with a full copy; the next ones wait up to the long poll.
        var regions = snapshot.Regions.Count;
        await TestWait.Until(() => Task.FromResult(sync.Pulled.Pulls >= regions), Patience, "every region pulled once");

        // Stopping starts no more pulls and waits for none in flight (it used to wait up to a second for them).
        var stopping = participant.OnStop(TestContext.Current.CancellationToken);
        Assert.True(stopping.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Pricing_reads_utilisation_queue_and_capability_from_the_snapshot()
    {
        using var miner = new TestMiner(Grains, Id("miner"));
        var gpus = Enumerable.Range(0, 4).Select(i => miner.GpuId($"nz{i}")).ToArray();
        await miner.Register(fixture.Client, gpus.Select((g, i) => TestMiner.Gpu(g, -41.3 + i * 0.01, 174.8)).ToArray());
        var region = RegionCatalog.Default.RegionOf(new GeoPoint(-41.3, 174.8)).Id;
        foreach (var g in gpus.Take(2))
        {
            Assert.True((await Grains.GetGrain<IGpuGrain>(g).TryReserve(new ReservationRequest(Id("b"), null, fixture.Time.GetUtcNow().AddHours(1)))).Accepted);
        }

        await Grains.GetGrain<IRegionGrain>(region).AdjustQueue(3);
        var breakdown = await Grains.GetGrain<IPricingMarketGrain>(PricingMarketGrain.KeyFor(region, JobType.Inference)).Price(LatencyClass.Standard, 1, 0.5);

        // Two of four slots busy: utilisation 0.5 → ×1.0; three queued for four slots → ×(1 + 0.5 × 0.75).
        Assert.Equal(1.0m, breakdown.Multipliers.Utilisation);
        Assert.Equal(1.375m, breakdown.Multipliers.QueueDemand);
        var stats = await Grains.GetGrain<IRegionGrain>(region).GetStats();
        Assert.All(fixture.Snapshots, s =>
        {
            // Sums kept in another order may differ in the last bit.
            var copy = s.StatsOf(region);
            Assert.Equal(stats with { AverageRttMs = 0, MeanRoutableQos = 0 }, copy with { AverageRttMs = 0, MeanRoutableQos = 0 });
            Assert.Equal(stats.AverageRttMs, copy.AverageRttMs, 9);
            Assert.Equal(stats.MeanRoutableQos, copy.MeanRoutableQos, 9);
        });
        Assert.Equal(2, stats.AvailableGpus);
        Assert.Equal(4, stats.RoutableGpus);

        await Grains.GetGrain<IRegionGrain>(region).AdjustQueue(-3);
        await Grains.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
    }

    [Fact]
    public async Task An_entry_nobody_renews_for_a_liveness_period_leaves_the_region_and_every_snapshot()
    {
        using var lostMiner = new TestMiner(Grains, Id("lost-miner"));
        using var aliveMiner = new TestMiner(Grains, Id("alive-miner"));
        var lost = lostMiner.GpuId("lost");
        var alive = aliveMiner.GpuId("alive");
        await lostMiner.Register(fixture.Client, [TestMiner.Gpu(lost, -54.3, -36.5)]); // South Georgia
        await aliveMiner.Register(fixture.Client, [TestMiner.Gpu(alive, -54.2, -36.4)]);
        var regionId = RegionCatalog.Default.RegionOf(new GeoPoint(-54.3, -36.5)).Id;
        var region = Grains.GetGrain<IRegionGrain>(regionId);

        // Each silo's first sight of a region's epoch re-sends the GPUs its shards hold there (RegionIndexRebuild), which
        // renews their leases: let that happen before the clock moves, as it does within a second of a registration.
        await fixture.RegionEpochChecked(regionId);

        // The lost miner's grain goes away with its liveness timer (as when its silo dies): nothing marks it offline.
        await fixture.Cluster.DeactivateAsync(Grains.GetGrain<IMinerGrain>(lostMiner.MinerId));
        fixture.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(await aliveMiner.Heartbeat([alive]));

        // The renewal travels through the silo's delta batcher: it must reach the region before the clock passes the old
        // lease, or a loaded machine's sweep drops the live GPU too (CI, 2026-12-01).
        await fixture.SnapshotsCaughtUp();
        fixture.Time.Advance(TimeSpan.FromSeconds(16));

        await TestWait.Until(async () => (await region.ListGpus()).All(g => g.GpuId != lost), Patience, "the region drops the unrenewed entry");
        Assert.Contains(await region.ListGpus(), g => g.GpuId == alive);
        await EverySnapshot(g => g is null, lost, "has dropped the unrenewed entry");
        await EverySnapshot(g => g is not null, alive, "still holds the renewed GPU");
        await Grains.GetGrain<IMinerGrain>(aliveMiner.MinerId).Deregister();
    }
}
