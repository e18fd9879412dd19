using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Routing.Snapshot;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// Routing summaries for tests of the snapshot alone: places half clustered around cities, half anywhere; a mix of
/// pools, memory sizes, attestation, prices, free slots and not-routable reasons, so every filter has work.
/// </summary>
public static class SyntheticSummaries
{
    private static readonly string?[] Reasons = [null, null, null, null, null, null, "thermal critical", "outside availability schedule", "stake below minimum"];
    private static readonly (double Vram, double Fp32, double Fp16, double Int8)[] Cards =
        [(24, 82, 165, 660), (8, 15, 30, 0), (12, 35, 35, 0), (4, 5, 1, 0), (80, 60, 750, 1500)];

    public static GpuRoutingSummary Create(Random rng, string id, GeoPoint? at = null)
    {
        var location = at ?? Place(rng);
        var reason = Reasons[rng.Next(Reasons.Length)];
        var card = Cards[rng.Next(Cards.Length)];
        return new GpuRoutingSummary(
            id, $"miner-{id}", "card", location, card.Vram, card.Fp16, card.Int8, "CUDA",
            Math.Round((decimal)(0.0001 + rng.NextDouble() * 0.0009), 6), true, ThermalState.Normal, reason is null, reason,
            Math.Round(rng.NextDouble() * 20) / 20, Math.Round(rng.NextDouble() * 30) * 10, rng.Next(3) == 0 ? 0 : rng.Next(1, 3),
            rng.Next(5) == 0 ? PoolKind.Cloud : PoolKind.Edge, rng.Next(3) == 0, true, 20, card.Fp32);
    }

    /// <summary>A scorer's or the reservation order's candidate: one card in Frankfurt, at the RTT given, with the model warm or not.</summary>
    public static SnapshotCandidate Candidate(string id, double rttMs, bool warm = false) =>
        new(new GpuRoutingSummary(
            id, "m", "GPU", new GeoPoint(50, 8), 24, 165, 660, "CUDA", 0.0001m, true, ThermalState.Normal, true, null, 0.8, rttMs, 1,
            PoolKind.Edge, false, false, 20, 82), "eu-central", rttMs, warm);

    public static GeoPoint Place(Random rng)
    {
        if (rng.Next(2) == 0)
        {
            var city = WorldCities.SampleByPopulation(rng);
            return new GeoPoint(
                Math.Clamp(city.Location.Latitude + (rng.NextDouble() - 0.5) * 0.5, -90, 90),
                Math.Clamp(city.Location.Longitude + (rng.NextDouble() - 0.5) * 0.5, -180, 180));
        }

        // Uniform on the sphere, poles and antimeridian included.
        var lat = Math.Asin(2 * rng.NextDouble() - 1) * 180 / Math.PI;
        return new GeoPoint(lat, rng.NextDouble() * 360 - 180);
    }

    /// <summary>Loads the summaries into the snapshot as each region's full copy (epoch 1, version 1).</summary>
    public static void Load(FleetSnapshot snapshot, IEnumerable<GpuRoutingSummary> gpus)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var byRegion = gpus.GroupBy(g => RegionCatalog.Default.RegionOf(g.Location).Id).ToDictionary(g => g.Key, g => g.ToArray());
        foreach (var region in snapshot.Regions)
        {
            snapshot.Apply(new RegionChanges(region, 1, 0, 1, true, byRegion.GetValueOrDefault(region) ?? [], [], 0));
        }
    }
}
