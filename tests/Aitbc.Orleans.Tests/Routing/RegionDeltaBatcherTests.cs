using System.Diagnostics;
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
/// How GPU summaries travel to their regions: coalesced per GPU on the sending silo (the latest wins), one message per
/// region, logged for every silo's snapshot when they changed, and seen by the sending silo's snapshot at once.
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
    public async Task A_gpu_reserved_and_released_within_one_interval_sends_one_summary_that_every_snapshot_rereads()
    {
        var (batcher, _) = NewBatcher();
        using var owned = batcher;
        var region = RegionCatalog.Default.RegionOf(Place).Id;
        var grain = fixture.Client.GetGrain<IRegionGrain>(region);
        var id = $"delta-{Guid.NewGuid():N}";
        var free = Gpu(id, freeSlots: 1);
        await batcher.Publish(region, free);
        Assert.Equal(free, await RegionEntry(region, id));
        var sent = batcher.Counts.Sent;
        var at = await grain.GetChanges(0, 0, TimeSpan.Zero);

        // Reserved, then released: one summary, and the region logs it although it ends as it was, so a silo whose
        // router learned "busy" from the reservation's answer reads "free" again.
        var busy = free with { FreeSlots = 0 };
        batcher.Post(region, busy, changed: true);
        batcher.Post(region, free, changed: true);
        await batcher.FlushAsync();
        Assert.Equal(sent + 1, batcher.Counts.Sent);
        var changes = await grain.GetChanges(at.Epoch, at.ToVersion, TimeSpan.Zero);
        Assert.Equal(free, Assert.Single(changes.Upserts, g => g.GpuId == id));

        // A renewal of an unchanged summary renews the lease and is not logged.
        batcher.Post(region, free, changed: false);
        await batcher.FlushAsync();
        Assert.Equal(sent + 2, batcher.Counts.Sent);
        Assert.DoesNotContain((await grain.GetChanges(changes.Epoch, changes.ToVersion, TimeSpan.Zero)).Upserts, g => g.GpuId == id);

        // Reserved, then its QoS moved: one summary, the latest.
        var moved = busy with { QosScore = 0.9 };
        batcher.Post(region, busy, changed: true);
        batcher.Post(region, moved, changed: true);
        await batcher.FlushAsync();
        Assert.Equal(sent + 3, batcher.Counts.Sent);
        Assert.Equal(moved, await RegionEntry(region, id));

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

        batcher.Post(region, free with { FreeSlots = 0 }, changed: true);
        Assert.Equal(0, snapshot.Find(id)!.FreeSlots);
        Assert.Equal(1, (await RegionEntry(region, id))!.FreeSlots);

        await batcher.FlushAsync();
        Assert.Equal(0, (await RegionEntry(region, id))!.FreeSlots);
        await batcher.Publish(region, free with { Available = false, Routable = false, NotRoutableReason = "offline" });
    }

    [Fact]
    public async Task Lease_renewals_alone_wait_for_the_renewal_interval_and_a_change_sends_them_at_once()
    {
        var region = RegionCatalog.Default.RegionOf(Place).Id;
        var grain = fixture.Client.GetGrain<IRegionGrain>(region);
        var renewalDelay = TimeSpan.FromSeconds(1);
        var outbox = new RegionOutbox(region);
        var id = $"delta-{Guid.NewGuid():N}";
        var free = Gpu(id, freeSlots: 1);
        Assert.False(outbox.Due(Stopwatch.GetTimestamp(), renewalDelay));

        // A renewal is not due within the interval (it has half a liveness period to arrive), and is once it has waited.
        outbox.Add(free, changed: false);
        var queuedBy = Stopwatch.GetTimestamp();
        Assert.False(outbox.Due(queuedBy, renewalDelay));
        Assert.True(outbox.Due(queuedBy + Stopwatch.Frequency * 11 / 10, renewalDelay));

        // A change makes the whole outbox due at once, renewals included; the send empties it.
        var other = Gpu($"delta-{Guid.NewGuid():N}", freeSlots: 1);
        outbox.Add(other, changed: true);
        Assert.True(outbox.Due(Stopwatch.GetTimestamp(), renewalDelay));
        Assert.Equal(2, await outbox.Send(grain));
        Assert.False(outbox.Due(Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10, renewalDelay));

        // After a send, a new renewal waits its own interval again rather than inheriting the old one's age.
        outbox.Add(free, changed: false);
        Assert.False(outbox.Due(Stopwatch.GetTimestamp(), renewalDelay));
        Assert.Equal(1, await outbox.Send(grain));
        foreach (var gone in new[] { free, other })
        {
            await grain.UpsertMany([gone with { Available = false, Routable = false, NotRoutableReason = "offline" }], []);
        }
    }
}
