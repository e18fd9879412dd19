using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Pricing;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Routing.Snapshot;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
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

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        var time = Time;
        var configureJobs = ConfigureJobs;
        var configureRouting = ConfigureRouting;
        builder.ConfigureSilo((_, silo) =>
        {
            // The Orleans serializer, as production's PostgreSQL storage uses (the in-memory default is JSON).
            silo.AddMemoryGrainStorage(AitbcConstants.GrainStorage, (OptionsBuilder<MemoryGrainStorageOptions> options) =>
                options.Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)));
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton(new DomainTime(time));
            silo.Services.AddAitbcGrainServices();
            silo.Configure<global::Orleans.Configuration.SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(2));
            silo.Services.Configure<RoutingOptions>(configureRouting);
            silo.Services.Configure<Aitbc.Orleans.Jobs.JobOptions>(o =>
            {
                o.RetryDelay = TimeSpan.FromMilliseconds(50);
                o.MaxRetryDelay = TimeSpan.FromMilliseconds(500);
                o.QueueTimeout = TimeSpan.Zero;
                configureJobs(o);
            });
        });
        // Two cores run the whole suite in parallel: give calls more room than the 30 s default before timing out.
        var catchUp = CatchUpBeforeRouting;
        builder.ConfigureClient(client =>
        {
            client.Configure<global::Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(2));
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

    /// <summary>Whether the client brings the routing snapshots up to date before each call that routes or prices.</summary>
    protected virtual bool CatchUpBeforeRouting => true;

    /// <summary>Every silo's routing snapshot.</summary>
    public IEnumerable<FleetSnapshot> Snapshots => Cluster.GetActiveSilos().Select(s => s.ServiceProvider.GetRequiredService<FleetSnapshot>());

    /// <summary>Completes when every silo's routing snapshot holds everything the regions held when it was called.</summary>
    public Task SnapshotsCaughtUp() =>
        Task.WhenAll(Cluster.GetActiveSilos().Select(s => s.ServiceProvider.GetRequiredService<FleetSnapshotSync>().RefreshAsync()));

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

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
