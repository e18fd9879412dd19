using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// One real silo (localhost clustering, in-memory grain storage and reminders, the project's grain services) and one
/// cluster client connected to it over the loopback gateway, both in this process. Each scenario gets a fresh one so
/// that fleets, bookings and heaps do not leak between scenarios.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private static volatile bool _quiet;
    private readonly IHost _silo;
    private readonly IHost _client;

    private BenchCluster(IHost silo, IHost client)
    {
        _silo = silo;
        _client = client;
        SiloGrains = silo.Services.GetRequiredService<IGrainFactory>();
        SiloServices = silo.Services;
        Client = client.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The silo's own grain factory: calls from inside the silo process, no client hop.</summary>
    public IGrainFactory SiloGrains { get; }

    /// <summary>The silo's services (its routing snapshot, for instance).</summary>
    public IServiceProvider SiloServices { get; }

    /// <summary>An external client over the silo's gateway (loopback TCP), as the HTTP gateway and miners connect.</summary>
    public IClusterClient Client { get; }

    public static async Task<BenchCluster> StartAsync(bool verbose)
    {
        _quiet = false;
        var siloPort = FreePorts.Next();
        var gatewayPort = FreePorts.Next();
        var clusterId = $"bench-{Guid.NewGuid():N}";
        const string serviceId = "aitbc-bench";

        var siloBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ConfigureLogging(siloBuilder.Logging, verbose);
        siloBuilder.Services.AddSingleton<IHostLifetime, ProcessLifetime>();
        siloBuilder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: serviceId, clusterId: clusterId);
            // Serialised with the Orleans serializer, as the production PostgreSQL storage is (Silo/Hosting/PostgresGrainStorage):
            // the in-memory default (Newtonsoft JSON) costs several times more per write and would dominate every figure.
            silo.AddMemoryGrainStorage(AitbcConstants.GrainStorage, (OptionsBuilder<MemoryGrainStorageOptions> options) =>
                options.Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)));
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            silo.Services.AddAitbcGrainServices();

            // Simulated miners do not heartbeat in the background (scenario 4 measures heartbeats on their own), so
            // liveness would take them offline 45 s after registering, mid-measurement. Keep the 15 s interval (QoS,
            // timers) and only stretch the number of missed heartbeats tolerated.
            silo.Services.Configure<FleetOptions>(o => o.MissedHeartbeatsBeforeOffline = 100_000);

            // Production GPUs heartbeat every 15 s and so never sit idle for the 15 min collection age; a benchmark
            // fleet is registered once and may sit idle while others register, so keep it active like the real one.
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromHours(2));

            // A 1000-GPU miner's Register fans out to 1000 GPU grains that queue behind their region's index writes;
            // at 100k GPUs that can exceed the 30 s default. The benchmark records how long it took instead of failing.
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(10));
        });
        var silo = siloBuilder.Build();
        await silo.StartAsync();

        var clientBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ConfigureLogging(clientBuilder.Logging, verbose);
        clientBuilder.Services.AddSingleton<IHostLifetime, ProcessLifetime>();
        clientBuilder.UseOrleansClient(client =>
        {
            client.UseLocalhostClustering(gatewayPort, serviceId, clusterId);
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(10));
        });
        var client = clientBuilder.Build();
        await client.StartAsync();
        return new BenchCluster(silo, client);
    }

    public async ValueTask DisposeAsync()
    {
        // The figures are taken; an orderly shutdown of 100k activations would only cost time, so stop briefly and quietly.
        _quiet = true;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _client.StopAsync(cts.Token);
            await _silo.StopAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }

        _client.Dispose();
        _silo.Dispose();
    }

    private static void ConfigureLogging(ILoggingBuilder logging, bool verbose)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o => o.SingleLine = true);
        var minimum = verbose ? LogLevel.Warning : LogLevel.Error;
        logging.AddFilter((_, _, level) => level >= minimum && !_quiet);
    }
}
