namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// How big and how long each scenario runs. Smoke sizes only prove that every scenario still works end to end (CI,
/// under two minutes on two cores including the build); full sizes are the ones the targets are set for.
/// </summary>
public sealed record BenchSizes(
    bool IsFull,
    int Concurrency,
    TimeSpan Warmup,
    TimeSpan Duration,
    TimeSpan BaselineDuration,
    IReadOnlyList<int> RoutingFleets,
    int GpusPerMiner,
    int RegistrationConcurrency,
    int MemoryFleet,
    int HeartbeatMiners,
    int HeartbeatGpusPerMiner,
    int GeoGpus,
    int GeoRequests,
    IReadOnlyList<double> GeoUtilisations)
{
    public static BenchSizes Smoke { get; } = new(
        IsFull: false,
        Concurrency: 64,
        Warmup: TimeSpan.FromMilliseconds(200),
        Duration: TimeSpan.FromMilliseconds(600),
        BaselineDuration: TimeSpan.FromMilliseconds(400),
        RoutingFleets: [200, 1_000],
        GpusPerMiner: 100,
        RegistrationConcurrency: 4,
        MemoryFleet: 1_000,
        HeartbeatMiners: 50,
        HeartbeatGpusPerMiner: 4,
        GeoGpus: 500,
        GeoRequests: 200,
        GeoUtilisations: [0.3, 0.7, 0.95]);

    public static BenchSizes Full { get; } = new(
        IsFull: true,
        Concurrency: 64,
        Warmup: TimeSpan.FromSeconds(2),
        Duration: TimeSpan.FromSeconds(10),
        BaselineDuration: TimeSpan.FromSeconds(3),
        RoutingFleets: [10_000, 100_000],
        GpusPerMiner: 1_000,
        RegistrationConcurrency: 4,
        MemoryFleet: 100_000,
        HeartbeatMiners: 2_500,
        HeartbeatGpusPerMiner: 4,
        GeoGpus: 10_000,
        GeoRequests: 10_000,
        GeoUtilisations: [0.3, 0.7, 0.95]);
}
