using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Miner.Inference;

namespace Aitbc.Orleans.Miner.Simulation;

/// <summary>
/// Virtual GPUs for demos, benchmarks and load tests, spread like real rigs: 1 to 8 GPUs each, all of a rig's GPUs in
/// one place, profiles sampled from the catalogue, rig locations from the world cities table weighted by population,
/// synthetic telemetry. They are registered as simulated, and they are not GPUs: their jobs run on this machine's CPU
/// through ONNX Runtime, or answer after a synthetic delay. The same seed gives the same fleet, so a restarted
/// simulator comes back with the same rigs and GPU ids.
/// </summary>
public static class SimulatedFleet
{
    public const int MaxGpusPerRig = 8;

    /// <summary>Shared by every simulated GPU: the consumer and edge profiles of the catalogue.</summary>
    private static readonly GpuProfile[] Profiles = GpuProfileCatalog.Default.Profiles.Where(p => p.Class != GpuClass.Datacenter).ToArray();

    /// <summary>How many GPUs each rig has (1 to 8, uniformly), adding up to <paramref name="gpus"/>.</summary>
    public static IReadOnlyList<int> RigSizes(int gpus, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var sizes = new List<int>(gpus / 4 + 1);
        for (var left = gpus; left > 0;)
        {
            var size = Math.Min(left, random.Next(1, MaxGpusPerRig + 1));
            sizes.Add(size);
            left -= size;
        }

        return sizes;
    }

    /// <summary>One rig's devices, ids "{minerId}:sim-{i}", all near one sampled city.</summary>
    public static IReadOnlyList<MinerDevice> RigDevices(string minerId, int count, Random random, MinerOptions options, InferenceEngine? cpuEngine)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(options);
        var city = WorldCities.SampleByPopulation(random);
        var location = new GeoPoint(
            Math.Clamp(city.Location.Latitude + (random.NextDouble() - 0.5) * 0.2, -89.9, 89.9),
            Math.Clamp(city.Location.Longitude + (random.NextDouble() - 0.5) * 0.2, -179.9, 179.9));
        var schedule = DeviceInventory.Schedule(options);
        var devices = new MinerDevice[count];
        for (var i = 0; i < count; i++)
        {
            var profile = Profiles[random.Next(Profiles.Length)];
            var registration = new GpuRegistration(
                $"{minerId}:sim-{i}", minerId, profile.Aliases.Count > 0 ? profile.Aliases[0] : profile.Name, (long)(profile.VramGb * 1024),
                profile.Vendor, cpuEngine?.Provider ?? "Synthetic", location, options.PriceFloor, options.PowerBudgetW,
                schedule, Math.Max(1, options.Concurrency), Simulated: true);
            devices[i] = new MinerDevice(registration, cpuEngine, Telemetry(profile, random.Next()));
        }

        return devices;
    }

    /// <summary>
    /// The simulator's power model, not a measurement: a fifth of the profile's TDP at idle, rising linearly to the
    /// full TDP at 100 % utilisation (never under 5 W). Simulated GPUs register as simulated, so the cluster keeps the
    /// energy figures from this model apart from real rigs' readings (NVML, rocm-smi, ...), and the pages say so.
    /// </summary>
    public static double ModelledPowerWatts(GpuProfile profile, double utilisationPercent)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Math.Max(5, profile.TdpWatts * (0.2 + 0.8 * Math.Clamp(utilisationPercent, 0, 100) / 100));
    }

    /// <summary>A random walk around plausible readings for the profile; its state is two numbers and a seed.</summary>
    private static Func<GpuTelemetry> Telemetry(GpuProfile profile, int seed)
    {
        var random = new Random(seed);
        var temperature = 45 + random.NextDouble() * 15;
        var rtt = 15 + random.NextDouble() * 60;
        return () =>
        {
            temperature = Math.Clamp(temperature + (random.NextDouble() - 0.5) * 4, 35, 72);
            var utilisation = random.NextDouble() * 60;
            return new GpuTelemetry(
                temperature, ModelledPowerWatts(profile, utilisation), utilisation,
                (long)(profile.VramGb * 1024 * utilisation / 200), rtt + random.NextDouble() * 5, 50 + random.NextDouble() * 100);
        };
    }
}
