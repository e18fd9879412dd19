using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Silo.Hosting;
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
        builder.ConfigureSilo((_, silo) =>
        {
            ConfigureStorage(silo);
            silo.AddMemoryGrainStorageAsDefault();
            silo.Services.AddSingleton(new DomainTime(time));
            silo.Services.AddAitbcGrainServices();
            silo.Configure<global::Orleans.Configuration.SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(2));
            silo.Services.Configure<RoutingOptions>(o => o.DirectoryCacheTime = TimeSpan.Zero);
            silo.Services.Configure<Aitbc.Orleans.Jobs.JobOptions>(o =>
            {
                o.RetryDelay = TimeSpan.FromMilliseconds(50);
                o.MaxRetryDelay = TimeSpan.FromMilliseconds(500);
                o.QueueTimeout = TimeSpan.Zero;
                ConfigureJobs(o);
            });
        });
        // Two cores run the whole suite in parallel: give calls more room than the 30 s default before timing out.
        builder.ConfigureClient(client => client.Configure<global::Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(2)));
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
            options.Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)));
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
