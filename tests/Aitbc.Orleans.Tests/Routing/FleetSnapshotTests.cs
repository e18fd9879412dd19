using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Routing.Snapshot;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Routing;

/// <summary>The snapshot's search against brute force over the same summaries with the same filter, and its upkeep.</summary>
public sealed class FleetSnapshotTests
{
    [Fact]
    public void Disposing_a_snapshot_whose_lock_a_routing_call_still_holds_does_not_throw()
    {
        // What a silo's shutdown does when a search is still running (CI saw the host's disposal fail on it). The lock
        // is private; held here from the outside, as a search in flight would hold it.
        var snapshot = new FleetSnapshot();
        var gate = (ReaderWriterLockSlim)typeof(FleetSnapshot)
            .GetField("_lock", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.GetValue(snapshot)!;
        gate.EnterReadLock();
        try
        {
            snapshot.Dispose();
        }
        finally
        {
            gate.ExitReadLock();
        }

        // Once free, it disposes as before.
        snapshot.Dispose();
        Assert.Throws<ObjectDisposedException>(() => gate.EnterReadLock());
    }

    private static CandidateQuery Query(Random rng, GeoPoint client, PoolKind pool = PoolKind.Edge, double budgetMs = 0, IReadOnlyList<string>? excluded = null) => new(
        client,
        budgetMs > 0 ? budgetMs : new[] { 100.0, 500, 2000 }[rng.Next(3)],
        new[] { 1L << 20, 6L << 30, 20L << 30, 100L << 30 }[rng.Next(4)],
        rng.Next(4) == 0 ? 0.0005m : null,
        rng.Next(5) == 0,
        pool,
        16,
        excluded ?? []);

    /// <summary>The k nearest that pass CandidateFilter, by brute force over every summary.</summary>
    private static List<(string Id, double Rtt)> BruteForce(IEnumerable<GpuRoutingSummary> gpus, CandidateQuery query) =>
        gpus.Select(g => (g.GpuId, Reason: CandidateFilter.Reject(g, query, out var rtt), Rtt: rtt))
            .Where(g => g.Reason is null)
            .OrderBy(g => g.Rtt)
            .Take(query.MaxResults)
            .Select(g => (g.GpuId, g.Rtt))
            .ToList();

    private static void AssertSameCandidates(List<(string Id, double Rtt)> expected, SnapshotCandidate[] found, CandidateQuery query)
    {
        Assert.Equal(expected.Count, found.Length);
        Assert.Equal(expected.Select(e => e.Rtt), found.Select(f => f.RttMs), new RttComparer());
        Assert.True(found.Zip(found.Skip(1)).All(p => p.First.RttMs <= p.Second.RttMs), "nearest first");
        foreach (var candidate in found)
        {
            Assert.Null(CandidateFilter.Reject(candidate.Summary, query, out _));
            Assert.Equal(RegionCatalog.Default.RegionOf(candidate.Summary.Location).Id, candidate.Region);
        }
    }

    [Fact]
    public void Finds_exactly_the_nearest_gpus_that_pass_the_filters()
    {
        var rng = new Random(7);
        var gpus = Enumerable.Range(0, 5000).Select(i => SyntheticSummaries.Create(rng, $"g{i}")).ToArray();
        using var snapshot = new FleetSnapshot();
        SyntheticSummaries.Load(snapshot, gpus);
        Assert.Equal(gpus.Count(RegionMembership.IsIndexed), snapshot.Count);

        for (var i = 0; i < 300; i++)
        {
            var excluded = gpus.Take(50).Where(_ => rng.Next(10) == 0).Select(g => g.GpuId).ToArray();
            var query = Query(rng, SyntheticSummaries.Place(rng), rng.Next(4) == 0 ? PoolKind.Cloud : PoolKind.Edge, excluded: excluded);
            var found = snapshot.FindCandidates(query, new RejectionTally());
            AssertSameCandidates(BruteForce(gpus, query), found, query);
        }
    }

    /// <summary>
    /// The filter works a GPU's RTT out from its row (unit vectors and a chord) instead of from its summary by haversine;
    /// both must be the router's one RTT model, near and far, on the antimeridian and at the poles.
    /// </summary>
    [Fact]
    public void The_rtt_the_filter_works_out_from_a_row_is_the_rtt_model()
    {
        var rng = new Random(11);
        var places = new List<GeoPoint> { new(0, 180), new(0, -180), new(90, 0), new(-90, 45), new(51.5, -0.13), new(-51.5, 179.87) };
        places.AddRange(Enumerable.Range(0, 400).Select(_ => SyntheticSummaries.Place(rng)));
        foreach (var client in places)
        {
            var query = new CandidateQuery(client, 1e9, 1L << 20, null, false, PoolKind.Edge, 16, []);
            foreach (var at in places.OrderBy(_ => rng.Next()).Take(20).Append(client))
            {
                var gpu = SyntheticSummaries.Create(rng, "g", at) with { Routable = true, NotRoutableReason = null, FreeSlots = 1, Pool = PoolKind.Edge, VramGb = 80, Attested = true };
                var expected = RttModel.Estimate(client, at, gpu.MeasuredRttMs);
                Assert.Null(CandidateFilter.Reject(gpu, query, out var rtt));
                Assert.Equal(expected, rtt, 6);
            }
        }
    }

    [Fact]
    public void Without_a_candidate_counts_every_gpu_under_the_reason_the_filter_gives()
    {
        var rng = new Random(11);
        var gpus = Enumerable.Range(0, 3000).Select(i => SyntheticSummaries.Create(rng, $"g{i}")).ToArray();
        using var snapshot = new FleetSnapshot();
        SyntheticSummaries.Load(snapshot, gpus);

        // A model no card holds, and a budget that reaches the whole globe: nothing passes, every GPU is accounted for.
        var query = new CandidateQuery(new GeoPoint(10, 10), 100_000, 1L << 40, null, false, PoolKind.Edge, 16, []);
        var tally = new RejectionTally();
        Assert.Empty(snapshot.FindCandidates(query, tally));

        var expected = gpus.GroupBy(g => CandidateFilter.Reject(g, query, out _)!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expected.OrderBy(e => e.Key), tally.ToDictionary().OrderBy(e => e.Key));
    }

    [Fact]
    public void Stays_exact_through_joins_moves_changes_and_departures()
    {
        var rng = new Random(13);
        var world = new Dictionary<string, GpuRoutingSummary>(StringComparer.Ordinal);
        using var snapshot = new FleetSnapshot();
        var versions = snapshot.Regions.ToDictionary(r => r, _ => 1L, StringComparer.Ordinal);
        SyntheticSummaries.Load(snapshot, []);

        for (var step = 0; step < 60; step++)
        {
            // A batch of joins, moves, updates and departures, as the regions would send them.
            var batch = new List<GpuRoutingSummary>();
            var gone = new List<GpuRoutingSummary>();
            for (var i = 0; i < rng.Next(1, 120); i++)
            {
                var roll = rng.Next(10);
                if (roll < 5 || world.Count == 0)
                {
                    batch.Add(SyntheticSummaries.Create(rng, $"g{step}-{i}"));
                }
                else
                {
                    var old = world.Values.ElementAt(rng.Next(world.Count));
                    if (batch.Concat(gone).Any(g => g.GpuId == old.GpuId))
                    {
                        // A region's answer holds each GPU once: its latest summary, or its departure.
                        continue;
                    }

                    var moved = roll == 5;
                    var changed = SyntheticSummaries.Create(rng, old.GpuId, moved ? null : old.Location);
                    if (roll == 9)
                    {
                        gone.Add(old);
                    }
                    else if (RegionOf(changed) == RegionOf(old))
                    {
                        batch.Add(roll == 8 ? changed with { Available = false } : changed);
                    }
                }
            }

            foreach (var region in snapshot.Regions)
            {
                var upserts = batch.Where(g => RegionOf(g) == region).GroupBy(g => g.GpuId).Select(g => g.Last()).ToArray();
                var removed = gone.Where(g => RegionOf(g) == region).Select(g => g.GpuId).Distinct().ToArray();
                if (upserts.Length + removed.Length == 0)
                {
                    continue;
                }

                var from = versions[region];
                versions[region] = from + upserts.Length + removed.Length;
                Assert.True(snapshot.Apply(new RegionChanges(region, 1, from, versions[region], false, upserts, removed, 0)));
            }

            foreach (var gpu in batch.GroupBy(g => g.GpuId).Select(g => g.Last()))
            {
                if (RegionMembership.IsIndexed(gpu))
                {
                    world[gpu.GpuId] = gpu;
                }
                else
                {
                    world.Remove(gpu.GpuId);
                }
            }

            foreach (var gpu in gone)
            {
                world.Remove(gpu.GpuId);
            }

            Assert.Equal(world.Count, snapshot.Count);
            for (var q = 0; q < 10; q++)
            {
                var query = Query(rng, SyntheticSummaries.Place(rng), budgetMs: 2000);
                AssertSameCandidates(BruteForce(world.Values, query), snapshot.FindCandidates(query, new RejectionTally()), query);
            }
        }
    }

    [Fact]
    public void Applies_answers_only_in_order_and_a_new_epoch_replaces_the_region()
    {
        using var snapshot = new FleetSnapshot();
        var rng = new Random(17);
        var region = "eu-central";
        var a = SyntheticSummaries.Create(rng, "a", Places.Frankfurt) with { Routable = true, NotRoutableReason = null, FreeSlots = 1 };
        var b = a with { GpuId = "b", Location = new GeoPoint(50.2, 8.7) };

        Assert.True(snapshot.Apply(new RegionChanges(region, 5, 0, 10, true, [a], [], 3)));
        Assert.Equal(new RegionChangesPosition(5, 10), snapshot.PositionOf(region));
        Assert.Equal(3, snapshot.StatsOf(region).QueueLength);

        // A delta from a version after the one held would skip changes: ignored. One up to an older version: ignored.
        Assert.False(snapshot.Apply(new RegionChanges(region, 5, 11, 12, false, [b], [], 0)));
        Assert.False(snapshot.Apply(new RegionChanges(region, 5, 8, 9, false, [b], [], 0)));
        Assert.Null(snapshot.Find("b"));

        // A delta overlapping what is held applies (its summaries are the region's latest).
        Assert.True(snapshot.Apply(new RegionChanges(region, 5, 9, 12, false, [b], ["a"], 1)));
        Assert.Null(snapshot.Find("a"));
        Assert.NotNull(snapshot.Find("b"));

        // An older full copy of the same epoch does not undo it; another epoch's full copy replaces the region.
        Assert.False(snapshot.Apply(new RegionChanges(region, 5, 0, 11, true, [a], [], 0)));
        Assert.True(snapshot.Apply(new RegionChanges(region, 6, 0, 2, true, [a], [], 0)));
        Assert.Equal(new RegionChangesPosition(6, 2), snapshot.PositionOf(region));
        Assert.NotNull(snapshot.Find("a"));
        Assert.Null(snapshot.Find("b"));
    }

    [Fact]
    public void Learning_a_reservation_answer_updates_the_gpu_in_place_and_an_offline_gpu_leaves()
    {
        using var snapshot = new FleetSnapshot();
        var rng = new Random(19);
        var region = "eu-central";
        var near = SyntheticSummaries.Create(rng, "near", Places.Frankfurt) with
        {
            Routable = true, NotRoutableReason = null, FreeSlots = 1, Pool = PoolKind.Edge, VramGb = 24, Attested = true,
        };
        var far = near with { GpuId = "far", Location = new GeoPoint(50.5, 8.7) };
        snapshot.Apply(new RegionChanges(region, 1, 0, 1, true, [near, far], [], 0));
        var query = new CandidateQuery(Places.Frankfurt, 100, 1 << 20, null, false, PoolKind.Edge, 1, []);
        Assert.Equal("near", snapshot.FindCandidates(query, new RejectionTally()).Single().GpuId);

        snapshot.Learn(region, near with { FreeSlots = 0 });
        var tally = new RejectionTally();
        Assert.Equal("far", snapshot.FindCandidates(query, tally).Single().GpuId);
        Assert.Equal(1, tally.ToDictionary()["busy"]);

        snapshot.Learn(region, near with { Available = false, Routable = false, NotRoutableReason = "offline" });
        Assert.Null(snapshot.Find("near"));
        Assert.Equal(1, snapshot.Count);

        // Learning about a GPU the snapshot does not hold adds nothing: joining is the region's business.
        snapshot.Learn(region, near);
        Assert.Null(snapshot.Find("near"));
    }

    [Fact]
    public void A_claim_takes_a_free_slot_until_its_reservation_answers_whatever_summaries_arrive_meanwhile()
    {
        using var snapshot = new FleetSnapshot();
        var rng = new Random(29);
        var region = "eu-central";
        var free = SyntheticSummaries.Create(rng, "gpu", Places.Frankfurt) with
        {
            Routable = true, NotRoutableReason = null, FreeSlots = 2, Pool = PoolKind.Edge, VramGb = 24,
        };
        snapshot.Apply(new RegionChanges(region, 1, 0, 1, true, [free], [], 0));

        // Two concurrent decisions on this silo claim its two slots; a third finds it taken without a call.
        var first = snapshot.Claim(region, "gpu");
        Assert.True(first.Granted);
        Assert.Equal(1, snapshot.Find("gpu")!.FreeSlots);
        var second = snapshot.Claim(region, "gpu");
        Assert.True(second.Granted);
        Assert.Equal(0, snapshot.Find("gpu")!.FreeSlots);
        Assert.False(snapshot.Claim(region, "gpu").Granted);
        Assert.Equal(1, snapshot.StatsOf(region).BusySlots);

        // Summaries made before the reservations (the region's batch, a full copy, a lease renewal) do not hand the
        // claimed slots out again.
        snapshot.Apply(new RegionChanges(region, 1, 1, 2, false, [free with { QosScore = 0.9 }], [], 0));
        Assert.False(snapshot.Claim(region, "gpu").Granted);
        snapshot.Apply(new RegionChanges(region, 1, 0, 3, true, [free], [], 0));
        Assert.False(snapshot.Claim(region, "gpu").Granted);
        snapshot.Learn(region, free);
        Assert.False(snapshot.Claim(region, "gpu").Granted);

        // The first reservation answers (one slot taken at the GPU): the copy shows its truth less the claim still out.
        snapshot.Settle(first, free with { FreeSlots = 1 });
        Assert.Equal(0, snapshot.Find("gpu")!.FreeSlots);
        Assert.False(snapshot.Claim(region, "gpu").Granted);

        // The second call fails with no answer: its slot comes back on the latest truth.
        snapshot.Settle(second, null);
        Assert.Equal(1, snapshot.Find("gpu")!.FreeSlots);

        // A truer summary that came while a claim was out stays when the claim ends without an answer.
        var third = snapshot.Claim(region, "gpu");
        Assert.True(third.Granted);
        snapshot.Learn(region, free with { FreeSlots = 1, Routable = false, NotRoutableReason = "thermal throttle" });
        Assert.False(snapshot.Claim(region, "gpu").Granted);
        snapshot.Settle(third, null);
        Assert.False(snapshot.Claim(region, "gpu").Granted);
        Assert.False(snapshot.Find("gpu")!.Routable);
        Assert.Equal(1, snapshot.Find("gpu")!.FreeSlots);

        // A GPU the copy does not hold (yet) is left to its reservation to decide.
        Assert.True(snapshot.Claim(region, "unknown").Granted);
        Assert.False(snapshot.Claim(region, "unknown").Held);
        Assert.True(snapshot.Claim("no-such-region", "gpu").Granted);
    }

    [Fact]
    public void Region_statistics_follow_every_change()
    {
        var rng = new Random(23);
        using var snapshot = new FleetSnapshot();
        var region = "as-japan";
        var gpus = Enumerable.Range(0, 200).Select(i => SyntheticSummaries.Create(rng, $"j{i}", new GeoPoint(35 + rng.NextDouble(), 139 + rng.NextDouble()))).ToList();
        snapshot.Apply(new RegionChanges(region, 1, 0, 1, true, gpus, [], 4));
        var changed = gpus.Take(80).Select(g => SyntheticSummaries.Create(rng, g.GpuId, g.Location)).ToArray();
        snapshot.Apply(new RegionChanges(region, 1, 1, 2, false, changed, gpus.Skip(150).Select(g => g.GpuId).ToArray(), 7));
        var now = changed.Concat(gpus.Skip(80).Take(70)).ToArray();

        var stats = snapshot.StatsOf(region);
        var online = now.Where(g => g.Available).ToArray();
        var routable = now.Where(g => g.Routable).ToArray();
        var busy = online.Count(g => g.FreeSlots == 0);
        Assert.Equal(now.Length, stats.TotalGpus);
        Assert.Equal(routable.Count(g => g.FreeSlots > 0), stats.AvailableGpus);
        Assert.Equal(busy, stats.BusySlots);
        Assert.Equal(busy + online.Sum(g => g.FreeSlots), stats.TotalSlots);
        Assert.Equal(7, stats.QueueLength);
        Assert.Equal(online.Average(g => g.MeasuredRttMs), stats.AverageRttMs, 9);
        Assert.Equal(routable.Average(g => g.QosScore), stats.MeanRoutableQos, 9);
    }

    private static string RegionOf(GpuRoutingSummary gpu) => RegionCatalog.Default.RegionOf(gpu.Location).Id;

    private sealed class RttComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;

        public int GetHashCode(double obj) => 0;
    }
}
