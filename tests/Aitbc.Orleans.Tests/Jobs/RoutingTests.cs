using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Jobs;

/// <summary>A synthetic world of GPUs at known coordinates, routed through the real router, regions and GPU grains.</summary>
public sealed class RoutingTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private readonly List<TestMiner> _miners = [];
    private IGrainFactory Grains => fixture.Client;

    private async Task<TestMiner> Miner(params GpuRegistration[] gpus) => await MinerWithStake(100m, gpus);

    private async Task<TestMiner> MinerWithStake(decimal stake, params GpuRegistration[] gpus)
    {
        var miner = TestMiner.For(Grains, gpus);
        _miners.Add(miner);
        await miner.Register(fixture.Client, gpus, stake);
        return miner;
    }

    private static string Id(string name) => $"{name}-{Guid.NewGuid():N}";

    private string _lastBooking = "";

    private Task<RoutingDecision> Route(GeoPoint client, LatencyClass latency, long modelBytes = 1 << 20, decimal? maxPrice = null, ModelSizes? sizes = null)
    {
        _lastBooking = Id("booking");
        return Grains.GetGrain<IRouterGrain>(0).Route(new RoutingRequest(
            _lastBooking, null, client, latency, modelBytes, maxPrice, false, false, [], TimeSpan.FromMinutes(1), Sizes: sizes));
    }

    /// <summary>Frees the GPU a decision reserved and waits until its region has it free, so the next decision sees the same world.</summary>
    private Task Release(RoutingDecision decision) => Grains.ReleaseAndSettle(decision.Gpu!.GpuId, _lastBooking);

    private static GpuRegistration At(string id, GeoPoint p, string name = "NVIDIA GeForce RTX 4090", long memoryMb = 24564, double? powerBudget = null, AvailabilitySchedule? schedule = null) =>
        TestMiner.Gpu(id, p.Latitude, p.Longitude, name, memoryMb, powerBudget: powerBudget, schedule: schedule);

    [Fact]
    public async Task Picks_the_nearest_eligible_gpu_every_time()
    {
        // Far-off world (South America) so other tests' GPUs in this cluster are not nearer.
        var owner = TestMiner.NewMinerId();
        var saoPaulo = TestMiner.NewGpuId("sp", owner);
        var rio = TestMiner.NewGpuId("rio", owner);
        var buenosAires = TestMiner.NewGpuId("ba", owner);
        await Miner(At(saoPaulo, new GeoPoint(-23.55, -46.63)), At(rio, new GeoPoint(-22.91, -43.17)), At(buenosAires, new GeoPoint(-34.60, -58.38)));

        var client = new GeoPoint(-23.0, -46.0); // Sao Jose dos Campos area, ~90 km from Sao Paulo, ~300 km from Rio
        for (var i = 0; i < 5; i++)
        {
            var decision = await Route(client, LatencyClass.Realtime);
            Assert.True(decision.Routed, decision.NoCapacityReason);
            Assert.Equal(saoPaulo, decision.Gpu!.GpuId);
            await Release(decision);
        }
    }

    [Fact]
    public async Task Respects_each_latency_budget()
    {
        var tokyo = TestMiner.NewGpuId("tokyo");
        await Miner(At(tokyo, Places.Tokyo));

        // Sydney → Tokyo is ~7800 km: ~122 ms estimated, over realtime (100 ms) but inside fast (500 ms).
        var realtime = await Route(Places.Sydney, LatencyClass.Realtime);
        Assert.False(realtime.Routed);
        Assert.Contains("no capacity", realtime.NoCapacityReason, StringComparison.Ordinal);

        var fast = await Route(Places.Sydney, LatencyClass.Fast);
        Assert.True(fast.Routed, fast.NoCapacityReason);
        Assert.Equal(tokyo, fast.Gpu!.GpuId);
        Assert.InRange(fast.EstimatedRttMs, 100, 500);
    }

    [Fact]
    public async Task Skips_hot_over_budget_out_of_schedule_understaked_and_too_small_gpus()
    {
        // A world near Singapore: the eligible GPU is the farthest one.
        var owner = TestMiner.NewMinerId();
        var hot = TestMiner.NewGpuId("hot", owner);
        var overBudget = TestMiner.NewGpuId("watts", owner);
        var closed = TestMiner.NewGpuId("closed", owner);
        var understaked = TestMiner.NewGpuId("stake");
        var small = TestMiner.NewGpuId("small", owner);
        var eligible = TestMiner.NewGpuId("ok", owner);
        var sg = Places.Singapore;

        // Fake clock is 12:00 UTC: a nights-only schedule in UTC is closed.
        var nightsOnly = new AvailabilitySchedule("UTC", [new AvailabilityWindow(new TimeOnly(22, 0), new TimeOnly(6, 0))]);
        var main = await Miner(
            At(hot, new GeoPoint(sg.Latitude + 0.01, sg.Longitude)),
            At(overBudget, new GeoPoint(sg.Latitude + 0.02, sg.Longitude), powerBudget: 150),
            At(closed, new GeoPoint(sg.Latitude + 0.03, sg.Longitude), schedule: nightsOnly),
            At(small, new GeoPoint(sg.Latitude + 0.04, sg.Longitude), name: "NVIDIA GeForce RTX 4060", memoryMb: 8188),
            At(eligible, new GeoPoint(sg.Latitude + 1.5, sg.Longitude)));
        await MinerWithStake(0m, At(understaked, new GeoPoint(sg.Latitude + 0.05, sg.Longitude)));

        await main.Heartbeat([hot], temperatureC: 88, powerW: 100);
        await main.Heartbeat([overBudget], temperatureC: 60, powerW: 300);

        // A 40 GB model with passed fp16 (20 GB) and int8 (10 GB) variants: with 20% headroom and 0.5 GB of runtime
        // fp32 needs 48.5, fp16 24.5, int8 12.5 GB: the 24 GB cards hold it at int8, the 8 GB card not at all.
        const long GiB = 1024L * 1024 * 1024;
        var decision = await Route(sg, LatencyClass.Realtime, modelBytes: 40 * GiB, sizes: new ModelSizes(40 * GiB, 20 * GiB, 10 * GiB));

        Assert.True(decision.Routed, decision.NoCapacityReason);
        Assert.Equal(eligible, decision.Gpu!.GpuId);
        Assert.True(decision.Rejections.ContainsKey("thermal critical"), string.Join(", ", decision.Rejections.Keys));
        Assert.True(decision.Rejections.ContainsKey("over power budget"));
        Assert.True(decision.Rejections.ContainsKey("outside availability schedule"));
        Assert.True(decision.Rejections.ContainsKey("stake below minimum"));
        Assert.True(decision.Rejections.ContainsKey("too small for the model"));
    }

    [Fact]
    public async Task Answers_no_capacity_with_the_reasons_when_nothing_fits()
    {
        var only = TestMiner.NewGpuId("only");
        var miner = await Miner(At(only, new GeoPoint(64.15, -21.94))); // Reykjavik
        await miner.Heartbeat([only], temperatureC: 97);

        var decision = await Route(new GeoPoint(64.0, -22.0), LatencyClass.Realtime);

        Assert.False(decision.Routed);
        Assert.Null(decision.Gpu);
        Assert.Contains("thermal shutdown", decision.NoCapacityReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Near_ties_are_broken_at_random()
    {
        // Two identical GPUs at the same spot (Cape Town): both must get picked over repeated decisions.
        var owner = TestMiner.NewMinerId();
        var a = TestMiner.NewGpuId("cpt-a", owner);
        var b = TestMiner.NewGpuId("cpt-b", owner);
        await Miner(At(a, new GeoPoint(-33.92, 18.42)), At(b, new GeoPoint(-33.92, 18.42)));
        var picked = new HashSet<string>();
        for (var i = 0; i < 40 && picked.Count < 2; i++)
        {
            var decision = await Route(new GeoPoint(-33.9, 18.5), LatencyClass.Realtime);
            Assert.True(decision.Routed, decision.NoCapacityReason);
            picked.Add(decision.Gpu!.GpuId);
            await Release(decision);
        }

        Assert.Equal(2, picked.Count);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>Takes this test's miners offline, so the next test in the shared cluster does not route to them.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var miner in _miners)
        {
            await Grains.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
            miner.Dispose();
        }
    }
}
