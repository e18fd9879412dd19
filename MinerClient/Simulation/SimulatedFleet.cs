using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Miner.Inference;

namespace Aitbc.Orleans.Miner.Simulation;

/// <summary>
/// Virtual GPUs for demos, benchmarks and load tests: profiles sampled from the catalogue, locations from the world
/// cities table weighted by population, synthetic telemetry. They are registered as simulated, and they are not GPUs:
/// their jobs run on this machine's CPU through ONNX Runtime, or answer after a synthetic delay.
/// </summary>
public static class SimulatedFleet
{
    public static IReadOnlyList<MinerDevice> Create(string minerId, MinerOptions options, InferenceEngine? cpuEngine)
    {
        var random = new Random(options.SimulationSeed);
        var profiles = GpuProfileCatalog.Default.Profiles.Where(p => p.Class != GpuClass.Datacenter).ToArray();
        var devices = new List<MinerDevice>(options.Simulate);
        for (var i = 0; i < options.Simulate; i++)
        {
            var profile = profiles[random.Next(profiles.Length)];
            var city = WorldCities.SampleByPopulation(random);
            var location = new GeoPoint(
                Math.Clamp(city.Location.Latitude + (random.NextDouble() - 0.5) * 0.2, -89.9, 89.9),
                Math.Clamp(city.Location.Longitude + (random.NextDouble() - 0.5) * 0.2, -179.9, 179.9));
            var registration = new GpuRegistration(
                $"{minerId}:sim-{i}", minerId, profile.Aliases.Count > 0 ? profile.Aliases[0] : profile.Name, (long)(profile.VramGb * 1024),
                profile.Vendor, cpuEngine?.Provider ?? "Synthetic", location, options.PriceFloor, options.PowerBudgetW,
                DeviceInventory.Schedule(options), Math.Max(1, options.Concurrency), Simulated: true);
            var seed = random.Next();
            devices.Add(new MinerDevice(registration, cpuEngine, Telemetry(profile, new Random(seed))));
        }

        return devices;
    }

    /// <summary>A random walk around plausible readings for the profile.</summary>
    private static Func<GpuTelemetry> Telemetry(GpuProfile profile, Random random)
    {
        var temperature = 45 + random.NextDouble() * 15;
        var rtt = 15 + random.NextDouble() * 60;
        return () =>
        {
            temperature = Math.Clamp(temperature + (random.NextDouble() - 0.5) * 4, 35, 72);
            var utilisation = random.NextDouble() * 60;
            return new GpuTelemetry(
                temperature, Math.Max(5, profile.TdpWatts * (0.2 + utilisation / 125)), utilisation,
                (long)(profile.VramGb * 1024 * utilisation / 200), rtt + random.NextDouble() * 5, 50 + random.NextDouble() * 100);
        };
    }
}
