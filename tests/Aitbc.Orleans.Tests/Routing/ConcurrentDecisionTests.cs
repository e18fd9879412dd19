using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Aitbc.Orleans.Tests.Routing;

/// <summary>
/// Decisions that run at once on one silo see each other's picks: each claims its GPU's slot on the silo's snapshot
/// before it asks for the reservation, so they spread over the free GPUs instead of asking the same one and being refused.
/// </summary>
public sealed class ConcurrentDecisionTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    // Kerguelen: this cluster's only GPUs within realtime reach are the test's.
    private static readonly GeoPoint Client = new(-49.35, 70.22);

    private static string Id(string name) => $"{name}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Concurrent_decisions_on_one_silo_take_distinct_gpus_without_a_refused_reservation()
    {
        const int gpus = 8;
        using var miner = new TestMiner(fixture.Client, Id("miner"));
        var ids = Enumerable.Range(0, gpus).Select(i => miner.GpuId($"g{i}")).ToArray();
        await miner.Register(fixture.Client, [.. ids.Select(id => TestMiner.Gpu(id, Client.Latitude + 0.01, Client.Longitude + 0.01))]);
        await fixture.SnapshotsCaughtUp();

        // From inside one silo, as the job grain calls its router: every decision's search shares that silo's copy.
        var silo = fixture.Cluster.GetActiveSilos().First().ServiceProvider.GetRequiredService<IGrainFactory>();
        var router = silo.GetGrain<IRouterGrain>(0);
        var bookings = Enumerable.Range(0, gpus).Select(_ => Id("booking")).ToArray();
        var decisions = await Task.WhenAll(bookings.Select(booking => router.Route(new RoutingRequest(
            booking, null, Client, LatencyClass.Realtime, 1 << 20, null, false, false, [], TimeSpan.FromMinutes(1)))));

        Assert.All(decisions, d => Assert.True(d.Routed, d.NoCapacityReason));
        Assert.Equal(ids.Order(StringComparer.Ordinal), decisions.Select(d => d.Gpu!.GpuId).Order(StringComparer.Ordinal));
        Assert.All(decisions, d => Assert.DoesNotContain(d.Rejections.Keys, reason => reason.StartsWith("reservation refused", StringComparison.Ordinal)));

        for (var i = 0; i < gpus; i++)
        {
            await fixture.Client.ReleaseAndSettle(decisions[i].Gpu!.GpuId, bookings[i]);
        }

        await fixture.Client.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
    }
}
