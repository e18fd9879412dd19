using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Deltas;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Routing.Snapshot;
using Aitbc.Orleans.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Tests.Routing;

/// <summary>
/// How GPU summaries travel to their regions: coalesced per GPU on the sending silo (the latest wins; a GPU that ends
/// an interval where it started sends nothing), one message per region, and seen by that silo's snapshot at once.
/// The batcher here is not started as a silo service, so nothing leaves it until the test flushes: no timing involved.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RegionDeltaBatcherTests(ClusterFixture fixture)
{
    private static readonly GeoPoint Place = new(-54.42, 3.35); // Bouvet Island: no other test routes near it

    private static GpuRoutingSummary Gpu(string id, int freeSlots, double qos = 0.5) =>
        SyntheticSummaries.Create(new Random(7), id, Place) with { Available = true, Routable = true, NotRoutableReason = null, FreeSlots = freeSlots, QosScore = qos };

    private (RegionDeltaBatcher Batcher, FleetSnapshot Snapshot) NewBatcher()
    {
        var snapshot = new FleetSnapshot();
        return (new RegionDeltaBatcher(snapshot, fixture.Client, Options.Create(new RoutingOptions()), NullLogger<RegionDeltaBatcher>.Instance), snapshot);
    }

    private async Task<GpuRoutingSummary?> RegionEntry(string region, string gpuId) =>
        (await fixture.Client.GetGrain<IRegionGrain>(region).ListGpus()).SingleOrDefault(g => g.GpuId == gpuId);

    [Fact]
    public async Task A_gpu_reserved_and_released_within_one_interval_sends_nothing_and_otherwise_only_its_latest_summary_goes()
    {
        var (batcher, _) = NewBatcher();
        using var owned = batcher;
        var region = RegionCatalog.Default.RegionOf(Place).Id;
        var id = $"delta-{Guid.NewGuid():N}";
        var free = Gpu(id, freeSlots: 1);
        await batcher.Publish(region, free);
        Assert.Equal(free, await RegionEntry(region, id));
        var sent = batcher.Counts.Sent;

        // Reserved, then released: the GPU ends where the region already has it.
        var busy = free with { FreeSlots = 0 };
        batcher.Post(region, busy, regionHas: free);
        batcher.Post(region, free, regionHas: busy);
        await batcher.FlushAsync();
        Assert.Equal(sent, batcher.Counts.Sent);

        // Reserved, then its QoS moved: one summary, the latest.
        var moved = busy with { QosScore = 0.9 };
        batcher.Post(region, busy, regionHas: free);
        batcher.Post(region, moved, regionHas: busy);
        await batcher.FlushAsync();
        Assert.Equal(sent + 1, batcher.Counts.Sent);
        Assert.Equal(moved, await RegionEntry(region, id));

        // A renewal goes even though nothing changed: the region's lease on the entry depends on it.
        batcher.Post(region, moved, regionHas: null);
        await batcher.FlushAsync();
        Assert.Equal(sent + 2, batcher.Counts.Sent);

        await batcher.Publish(region, moved with { Available = false, Routable = false, NotRoutableReason = "offline" });
        Assert.Null(await RegionEntry(region, id));
    }

    [Fact]
    public async Task The_sending_silos_snapshot_sees_a_change_before_its_region_does()
    {
        var (batcher, snapshot) = NewBatcher();
        using var owned = batcher;
        var region = RegionCatalog.Default.RegionOf(Place).Id;
        var id = $"delta-{Guid.NewGuid():N}";
        var free = Gpu(id, freeSlots: 1);
        await batcher.Publish(region, free);
        SyntheticSummaries.Load(snapshot, [free]);

        batcher.Post(region, free with { FreeSlots = 0 }, regionHas: free);
        Assert.Equal(0, snapshot.Find(id)!.FreeSlots);
        Assert.Equal(1, (await RegionEntry(region, id))!.FreeSlots);

        await batcher.FlushAsync();
        Assert.Equal(0, (await RegionEntry(region, id))!.FreeSlots);
        await batcher.Publish(region, free with { Available = false, Routable = false, NotRoutableReason = "offline" });
    }
}
