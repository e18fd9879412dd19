using Aitbc.Orleans.Fleet.Deltas;
using Aitbc.Orleans.Fleet.Rows;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Pricing;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Silo.Hosting;
using Aitbc.Orleans.Routing.Snapshot;
using Aitbc.Orleans.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// The shared in-process Orleans cluster (two silos, in-memory storage and reminders, the project's grain services)
/// with one FakeTimeProvider for domain time. Tests keep apart by using their own ids (GPU, miner, tenant, job).
/// Each silo routes on its own snapshot of the fleet, which trails the regions by up to one batch (25 ms); so that a
/// test routes on the world it just built, the client brings every silo's snapshot up to date before each call that
/// routes or prices (<see cref="SnapshotsCaughtUp"/>). Suites about staleness itself turn that off.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Storage failures tests arm for their own grains (the grain storage of every silo goes through them).</summary>
    public StorageFaults Faults { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(Silos);
        var time = Time;
        var configureJobs = ConfigureJobs;
        var configureSilo = ConfigureSilo;
        var configureRouting = ConfigureRouting;
        var configureVerification = ConfigureVerification;
        builder.ConfigureSilo((_, silo) =>
        {
            ConfigureStorage(silo);
            silo.AddMemoryGrainStorageAsDefault();
            silo.Services.AddSingleton(new DomainTime(time));
            silo.Services.AddAitbcGrainServices();
            silo.Configure<global::Orleans.Configuration.SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(2));
            silo.Services.Configure<RoutingOptions>(configureRouting);
            silo.Services.Configure<Aitbc.Orleans.Jobs.JobOptions>(o =>
            {
                o.RetryDelay = TimeSpan.FromMilliseconds(50);
                o.MaxRetryDelay = TimeSpan.FromMilliseconds(500);
                o.QueueTimeout = TimeSpan.Zero;
                ConfigureJobs(o);
            });
            silo.Services.Configure<VerificationOptions>(configureVerification);

            // In-process daemons measure their cluster RTT through a test host that shares a loaded CI machine: a stalled
            // process is not a slow link. A CI run lost a job to one 2 s reading (the GPU went unroutable for the
            // "latency penalty" and, with no queue time here, the job failed at once). No test here tests the penalty.
            silo.Services.Configure<Aitbc.Orleans.Fleet.FleetOptions>(o => o.LatencyPenaltyMs = 60_000);

            // Variants are measured on fewer generated inputs than in production: the tests check routing, not the tolerances.
            silo.Services.Configure<Aitbc.Orleans.Models.ModelVariantBuildOptions>(o => o.VariantSamples = 32);
            configureSilo(silo);
        });
        // Two cores run the whole suite in parallel: give calls more room than the 30 s default before timing out.
        var configureClient = ConfigureClient;
        var catchUp = CatchUpBeforeRouting;
        builder.ConfigureClient(client =>
        {
            client.Configure<global::Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(2));
            configureClient(client);
            client.AddOutgoingGrainCallFilter(async context =>
            {
                if (catchUp && RoutesOrPrices(context))
                {
                    await SnapshotsCaughtUp();
                }

                await context.Invoke();
            });
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    protected virtual short Silos => 2;

    /// <summary>
    /// The "aitbc" storage as the development silo has it (in memory, the Orleans serializer, behind the storage guard),
    /// with <see cref="Faults"/> in front of it; and in-memory reminders.
    /// </summary>
    protected virtual void ConfigureStorage(ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.AddMemoryGrainStorage("memory", (OptionsBuilder<MemoryGrainStorageOptions> options) =>
            options.Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new PooledGrainStorageSerializer(serializer)));
        AddFaultyGuardedStorage(silo, "memory");
        silo.UseInMemoryReminderService();
    }

    /// <summary>Registers the "aitbc" storage: the storage guard over <see cref="Faults"/> over the provider named <paramref name="inner"/>.</summary>
    protected void AddFaultyGuardedStorage(ISiloBuilder silo, string inner)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var faults = Faults;
        silo.Services.AddGrainStorage("faulty", (sp, _) => new FaultyGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>(inner), faults));
        silo.Services.AddGuardedGrainStorage(AitbcConstants.GrainStorage, "faulty");
    }

    /// <summary>Whether the client brings the routing snapshots up to date before each call that routes or prices.</summary>
    protected virtual bool CatchUpBeforeRouting => true;

    /// <summary>Every silo's routing snapshot.</summary>
    public IEnumerable<FleetSnapshot> Snapshots => Cluster.GetActiveSilos().Select(s => s.ServiceProvider.GetRequiredService<FleetSnapshot>());

    /// <summary>
    /// Completes when every silo's routing snapshot holds every GPU change made before it was called: each silo's batcher
    /// first sends what its GPUs queued, then every snapshot reads the regions.
    /// </summary>
    public async Task SnapshotsCaughtUp()
    {
        var silos = Cluster.GetActiveSilos().ToArray();
        await Task.WhenAll(silos.Select(s => s.ServiceProvider.GetRequiredService<RegionDeltaBatcher>().FlushAsync()));
        await Task.WhenAll(silos.Select(s => s.ServiceProvider.GetRequiredService<FleetSnapshotSync>().RefreshAsync()));
    }

    /// <summary>
    /// Waits until every silo has had its first look at <paramref name="regionId"/>'s epoch: that first sight re-sends
    /// the GPUs its shards hold there (<see cref="RegionIndexRebuild"/>) as lease renewals, within about a second of a
    /// registration. Tests that count on a lease's age or on a reservation's twin summary (a renewal drops it) wait for it.
    /// </summary>
    public Task RegionEpochChecked(string regionId) => TestWait.Until(
        () => Task.FromResult(Cluster.GetActiveSilos().All(s => s.ServiceProvider.GetRequiredService<RegionIndexRebuild>().HasChecked(regionId))),
        TimeSpan.FromSeconds(30),
        $"every silo checked region {regionId}'s epoch");

    private static bool RoutesOrPrices(IGrainCallContext call) => call.InterfaceMethod?.DeclaringType is { } type
        && (type == typeof(IRouterGrain) || type == typeof(IPricingMarketGrain) || (type == typeof(IJobGrain) && call.MethodName == nameof(IJobGrain.Submit)));

    /// <summary>Fixtures for particular suites adjust routing options here (how the routing snapshot keeps current).</summary>
    protected virtual void ConfigureRouting(RoutingOptions options)
    {
    }

    /// <summary>Fixtures for particular suites adjust job options here (the queue timeout, for example).</summary>
    protected virtual void ConfigureJobs(Aitbc.Orleans.Jobs.JobOptions options)
    {
    }

    /// <summary>
    /// Re-execution and hardware challenges are off in the shared cluster (its tests count attempts, GPUs and money
    /// exactly); the verification and challenge suites' fixtures turn them on.
    /// </summary>
    protected virtual void ConfigureVerification(VerificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DefaultRate = 0;
        options.ElevatedRate = 0;
        options.ChallengeEnabled = false;
    }

    /// <summary>Fixtures for particular suites add to each silo here (the authorization filter, for example).</summary>
    protected virtual void ConfigureSilo(ISiloBuilder silo)
    {
    }

    /// <summary>And to the client here.</summary>
    protected virtual void ConfigureClient(IClientBuilder client)
    {
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
