using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Routing;

/// <summary>
/// What staleness of the routing snapshot may and may not do, on a cluster whose snapshots only move when a test
/// says so: a stale entry costs a refused reservation and a move to the next candidate, never a job on a GPU that
/// cannot take it, and the refusal corrects the snapshot.
/// </summary>
public sealed class SnapshotStalenessTests(StaleSnapshotClusterFixture fixture) : IClassFixture<StaleSnapshotClusterFixture>
{
    // Madagascar: far from every other test's GPUs, so the nearest candidates are this test's.
    private static readonly GeoPoint Client = new(-18.9, 47.5);
    private static readonly GeoPoint Near = new(-18.91, 47.52);
    private static readonly GeoPoint Far = new(-19.5, 47.3);

    private IGrainFactory Grains => fixture.Client;

    private static string Id(string name) => $"{name}-{Guid.NewGuid():N}";

    private Task<RoutingDecision> Route(string bookingId) => Grains.GetGrain<IRouterGrain>(0).Route(new RoutingRequest(
        bookingId, null, Client, LatencyClass.Realtime, 1 << 20, null, false, false, [], TimeSpan.FromMinutes(1)));

    [Fact]
    public async Task A_reservation_refused_because_the_snapshot_was_stale_moves_to_the_next_candidate_and_corrects_the_snapshot()
    {
        using var miner = new TestMiner(Grains, Id("miner"));
        var near = miner.GpuId("near");
        var far = miner.GpuId("far");
        await miner.Register(fixture.Client, [TestMiner.Gpu(near, Near.Latitude, Near.Longitude), TestMiner.Gpu(far, Far.Latitude, Far.Longitude)]);
        await fixture.SnapshotsCaughtUp();

        // The near GPU is taken behind the snapshots' back: every silo still offers it.
        var hold = await Grains.GetGrain<IGpuGrain>(near).TryReserve(new ReservationRequest(Id("hold"), null, fixture.Time.GetUtcNow().AddHours(1)));
        Assert.True(hold.Accepted);
        Assert.All(fixture.Snapshots, s => Assert.Equal(1, s.Find(near)!.FreeSlots));

        // Every decision lands on the far GPU. Only the first decision on each silo tries the near one: the refusal
        // carries the GPU's fresh summary and that silo stops offering it.
        var refusals = 0;
        for (var i = 0; i < 6; i++)
        {
            var booking = Id("booking");
            var decision = await Route(booking);
            Assert.True(decision.Routed, decision.NoCapacityReason);
            Assert.Equal(far, decision.Gpu!.GpuId);
            refusals += decision.Rejections.GetValueOrDefault("reservation refused: busy");
            await Grains.ReleaseAndSettle(far, booking);
        }

        Assert.InRange(refusals, 1, fixture.Cluster.Silos.Count);
        Assert.Contains(fixture.Snapshots, s => s.Find(near)!.FreeSlots == 0);
        await Grains.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
    }

    [Fact]
    public async Task A_gpu_gone_offline_is_never_chosen_and_after_the_staleness_bound_no_snapshot_offers_it()
    {
        using var leaving = new TestMiner(Grains, Id("leaving"));
        using var staying = new TestMiner(Grains, Id("staying"));
        var near = leaving.GpuId("near");
        var far = staying.GpuId("far");
        await leaving.Register(fixture.Client, [TestMiner.Gpu(near, Near.Latitude, Near.Longitude)]);
        await staying.Register(fixture.Client, [TestMiner.Gpu(far, Far.Latitude, Far.Longitude)]);
        await fixture.SnapshotsCaughtUp();

        await Grains.GetGrain<IMinerGrain>(leaving.MinerId).Deregister();
        Assert.DoesNotContain(await Grains.GetGrain<IRegionGrain>(RegionCatalog.Default.RegionOf(Near).Id).ListGpus(), g => g.GpuId == near);
        Assert.All(fixture.Snapshots, s => Assert.True(s.Find(near)!.Routable));

        // Stale: the snapshots still offer the offline GPU, and its reservation refuses it.
        var booking = Id("booking");
        var decision = await Route(booking);
        Assert.True(decision.Routed, decision.NoCapacityReason);
        Assert.Equal(far, decision.Gpu!.GpuId);
        Assert.Equal(1, decision.Rejections.GetValueOrDefault("reservation refused: offline"));
        await Grains.ReleaseAndSettle(far, booking);

        // One pull later (the staleness bound) the GPU is in no snapshot, so no decision even tries it.
        await fixture.SnapshotsCaughtUp();
        Assert.All(fixture.Snapshots, s => Assert.Null(s.Find(near)));
        for (var i = 0; i < 4; i++)
        {
            booking = Id("booking");
            decision = await Route(booking);
            Assert.Equal(far, decision.Gpu!.GpuId);
            Assert.DoesNotContain(decision.Rejections.Keys, k => k.StartsWith("reservation refused", StringComparison.Ordinal));
            await Grains.ReleaseAndSettle(far, booking);
        }

        await Grains.GetGrain<IMinerGrain>(staying.MinerId).Deregister();
    }

    [Fact]
    public async Task A_job_failing_over_on_a_stale_snapshot_never_lands_on_a_gpu_that_went_offline()
    {
        using var dropping = new TestMiner(Grains, Id("dropping")) { Behaviour = _ => MinerReaction.Silent };
        using var leaving = new TestMiner(Grains, Id("leaving"));
        using var staying = new TestMiner(Grains, Id("staying"));
        var first = dropping.GpuId("first");
        var gone = leaving.GpuId("gone");
        var healthy = staying.GpuId("healthy");
        await dropping.Register(fixture.Client, [TestMiner.Gpu(first, Near.Latitude, Near.Longitude)]);
        // About 35 km out: second nearest, and far enough not to be a near-tie with the first (ties are shuffled).
        await leaving.Register(fixture.Client, [TestMiner.Gpu(gone, Near.Latitude - 0.3, Near.Longitude)]);
        await staying.Register(fixture.Client, [TestMiner.Gpu(healthy, Far.Latitude, Far.Longitude)]);
        await fixture.SnapshotsCaughtUp();
        var tenant = await Grains.FundedTenant(10m);
        var model = await Grains.SmallModel();

        var jobId = Id("job");
        await Grains.GetGrain<IJobGrain>(jobId).Submit(ClusterTestExtensions.Job(tenant, model.ModelId, Client));
        Assert.Equal(first, (await dropping.FirstAssignment.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)).GpuId);

        // The second-nearest GPU goes offline, then the job's GPU drops: the snapshots still offer the offline one.
        await Grains.GetGrain<IMinerGrain>(leaving.MinerId).Deregister();
        await Grains.GetGrain<IMinerGrain>(dropping.MinerId).Deregister();
        Assert.Contains(fixture.Snapshots, s => s.Find(gone) is { Routable: true });

        var done = await Grains.WaitForTerminal(jobId);
        Assert.True(done.Status == JobStatus.Completed, done.Describe());
        Assert.Equal(healthy, done.GpuId);
        Assert.DoesNotContain(done.Attempts, a => a.GpuId == gone);
        Assert.Empty(leaving.Received);
        await Grains.GetGrain<IMinerGrain>(staying.MinerId).Deregister();
    }

    [Fact]
    public async Task A_gpu_registered_after_the_snapshot_was_taken_is_found_before_the_answer_is_no_capacity()
    {
        using var miner = new TestMiner(Grains, Id("miner"));
        var only = miner.GpuId("only");
        await fixture.SnapshotsCaughtUp();
        await miner.Register(fixture.Client, [TestMiner.Gpu(only, 71.0, -8.0)]); // Jan Mayen: nothing else within realtime reach
        Assert.All(fixture.Snapshots, s => Assert.Null(s.Find(only)));

        var decision = await Grains.GetGrain<IRouterGrain>(0).Route(new RoutingRequest(
            Id("booking"), null, new GeoPoint(71.0, -8.1), LatencyClass.Realtime, 1 << 20, null, false, false, [], TimeSpan.FromMinutes(1)));

        Assert.True(decision.Routed, decision.NoCapacityReason);
        Assert.Equal(only, decision.Gpu!.GpuId);
        await Grains.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
    }

    [Fact]
    public async Task A_decision_on_a_full_fleet_that_still_looks_free_stops_after_its_refusal_budget()
    {
        // Tristan da Cunha: nothing else within realtime reach. More GPUs than a decision's candidates, all busy
        // behind the snapshots' back, so every one the search offers refuses: before the budget, a decision tried all
        // of them (each round, then again after a refresh), which is the overload retry spiral.
        // Two rigs of 10 (a miner registers at most 16).
        using var first = new TestMiner(Grains, Id("miner"));
        using var second = new TestMiner(Grains, Id("miner"));
        var place = new GeoPoint(-37.07, -12.31);
        var rigs = new[] { first, second }
            .Select((miner, r) => Enumerable.Range(0, 10)
                .Select(i => TestMiner.Gpu(miner.GpuId($"gpu{i}"), place.Latitude + (((r * 10) + i) * 0.001), place.Longitude))
                .ToArray())
            .ToArray();
        await first.Register(fixture.Client, rigs[0]);
        await second.Register(fixture.Client, rigs[1]);
        var gpus = rigs.SelectMany(r => r).ToArray();
        await fixture.SnapshotsCaughtUp();
        foreach (var gpu in gpus)
        {
            var hold = await Grains.GetGrain<IGpuGrain>(gpu.GpuId).TryReserve(new ReservationRequest(Id("hold"), null, fixture.Time.GetUtcNow().AddHours(1)));
            Assert.True(hold.Accepted, hold.Reason);
        }

        Assert.All(fixture.Snapshots, s => Assert.Equal(1, s.Find(gpus[^1].GpuId)!.FreeSlots));

        var decision = await Grains.GetGrain<IRouterGrain>(0).Route(new RoutingRequest(
            Id("booking"), null, new GeoPoint(place.Latitude, place.Longitude + 0.01), LatencyClass.Realtime, 1 << 20, null, false, false, [],
            TimeSpan.FromMinutes(1)));

        Assert.False(decision.Routed);
        var refused = decision.Rejections.Where(r => r.Key.StartsWith("reservation refused", StringComparison.Ordinal)).Sum(r => r.Value);
        Assert.Equal(new RoutingOptions().MaxRefusedReservations, refused);
        Assert.Contains("reservation refused: busy", decision.NoCapacityReason, StringComparison.Ordinal);
        await Grains.GetGrain<IMinerGrain>(first.MinerId).Deregister();
        await Grains.GetGrain<IMinerGrain>(second.MinerId).Deregister();
    }

    [Fact]
    public async Task A_full_edge_pool_that_still_looks_free_falls_back_to_the_cloud_in_the_same_decision()
    {
        // Saint Helena: nothing else within reach. Ten edge GPUs busy behind the snapshots' back use up the edge pool's
        // refusal budget; the cloud pool keeps its own, so its free GPU takes the job in the same decision.
        using var edge = new TestMiner(Grains, Id("miner"));
        using var cloud = new TestMiner(Grains, Id("miner"));
        var place = new GeoPoint(-15.94, -5.70);
        var edgeGpus = Enumerable.Range(0, 10)
            .Select(i => TestMiner.Gpu(edge.GpuId($"gpu{i}"), place.Latitude + (i * 0.001), place.Longitude))
            .ToArray();
        var cloudGpu = TestMiner.Gpu(cloud.GpuId("h100"), place.Latitude - 0.01, place.Longitude, "NVIDIA H100 80GB HBM3", 81559, pool: PoolKind.Cloud);
        await edge.Register(fixture.Client, edgeGpus);
        await cloud.Register(fixture.Client, [cloudGpu]);
        await fixture.SnapshotsCaughtUp();
        foreach (var gpu in edgeGpus)
        {
            var hold = await Grains.GetGrain<IGpuGrain>(gpu.GpuId).TryReserve(new ReservationRequest(Id("hold"), null, fixture.Time.GetUtcNow().AddHours(1)));
            Assert.True(hold.Accepted, hold.Reason);
        }

        var decision = await Grains.GetGrain<IRouterGrain>(0).Route(new RoutingRequest(
            Id("booking"), null, new GeoPoint(place.Latitude, place.Longitude + 0.01), LatencyClass.Realtime, 1 << 20, null, false, false, [],
            TimeSpan.FromMinutes(1)));

        Assert.True(decision.Routed, decision.NoCapacityReason);
        Assert.Equal(cloudGpu.GpuId, decision.Gpu!.GpuId);
        Assert.True(decision.FellBackToCloud);
        var refused = decision.Rejections.Where(r => r.Key.StartsWith("reservation refused", StringComparison.Ordinal)).Sum(r => r.Value);
        Assert.Equal(new RoutingOptions().MaxRefusedReservations, refused);
        await Grains.GetGrain<IMinerGrain>(edge.MinerId).Deregister();
        await Grains.GetGrain<IMinerGrain>(cloud.MinerId).Deregister();
    }
}
