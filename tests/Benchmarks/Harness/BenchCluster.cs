using Aitbc.Orleans.Client.Security;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Hosting.Memory;
using Aitbc.Orleans.Silo.Hosting;
using Aitbc.Orleans.Trust;
using Aitbc.Orleans.Verification;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// One real silo (localhost clustering, in-memory grain storage and reminders, the project's grain services and the
/// authorization filter every silo runs) and one cluster client connected to it over the loopback gateway, both in
/// this process. The client signs in as an operator (the development key); scenarios that act as miners put the
/// miners' own session tokens on their calls. Each scenario gets a fresh one so
/// that fleets, bookings and heaps do not leak between scenarios.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private const string ServiceId = "aitbc-bench";
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
        Calls = silo.Services.GetRequiredService<GrainCallCounter>();
    }

    /// <summary>Grain calls the silo received so far, per interface method.</summary>
    public GrainCallCounter Calls { get; }

    /// <summary>The silo's own grain factory: calls from inside the silo process, no client hop.</summary>
    public IGrainFactory SiloGrains { get; }

    /// <summary>The silo's services (its routing snapshot, for instance).</summary>
    public IServiceProvider SiloServices { get; }

    /// <summary>An external client over the silo's gateway (loopback TCP), as the HTTP gateway and miners connect.</summary>
    public IClusterClient Client { get; }

    /// <param name="authorization">
    /// The authorization filter every real silo runs, with the client signed in as an operator; false (a baseline only)
    /// leaves both out, as the cluster was before the trust boundary.
    /// </param>
    public static async Task<BenchCluster> StartAsync(bool verbose, bool authorization = true)
    {
        _quiet = false;
        var endpoints = SiloEndpoints.Fresh();
        var silo = BuildSilo(endpoints, verbose, authorization);
        await silo.StartAsync();
        return new BenchCluster(silo, await StartClientAsync(endpoints, verbose, authorization));
    }

    /// <summary>The benchmark silo as <see cref="StartAsync"/> runs it, for this process or a silo process of its own.</summary>
    internal static IHost BuildSilo(SiloEndpoints endpoints, bool verbose, bool authorization)
    {
        var (siloPort, gatewayPort, clusterId) = endpoints;
        var siloBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ConfigureLogging(siloBuilder.Logging, verbose);
        siloBuilder.Services.AddSingleton<IHostLifetime, ProcessLifetime>();
        siloBuilder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: ServiceId, clusterId: clusterId);
            // As the development silo has it: serialised with the Orleans serializer, behind the storage guard.
            silo.AddAitbcMemoryGrainStorage(AitbcConstants.GrainStorage);
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            silo.Services.AddAitbcGrainServices();

            // As configuration would set it on a real silo: Aitbc__MemoryTrim__Enabled=false turns the idle trim off (an A/B).
            silo.Services.Configure<IdleMemoryTrimOptions>(o => o.Enabled = Environment.GetEnvironmentVariable("Aitbc__MemoryTrim__Enabled") is not ("false" or "False"));
            silo.Services.AddSingleton<GrainCallCounter>();
            silo.Services.AddSingleton<IIncomingGrainCallFilter>(sp => sp.GetRequiredService<GrainCallCounter>());
            if (authorization)
            {
                silo.AddAitbcCallAuthorization();
                silo.Services.Configure<TrustOptions>(o => o.AcceptDevelopmentOperatorKey = true);
            }

            // Synthetic fleets put up to 1000 GPUs on one miner (production caps miners at 16).
            silo.Services.Configure<FleetOptions>(o => o.MaxGpusPerMiner = 100_000);

            // Simulated miners do not heartbeat in the background (scenario 4 measures heartbeats on their own), so
            // liveness would take them offline 45 s after registering, mid-measurement. Keep the 15 s interval (QoS,
            // timers) and only stretch the number of missed heartbeats tolerated.
            silo.Services.Configure<FleetOptions>(o => o.MissedHeartbeatsBeforeOffline = 100_000);

            // Registration and the job path are measured on their own: no hardware challenge jobs besides them.
            silo.Services.Configure<VerificationOptions>(o => o.ChallengeEnabled = false);

            // Production GPUs heartbeat every 15 s and so never sit idle for the 15 min collection age; a benchmark
            // fleet is registered once and may sit idle while others register, so keep it active like the real one.
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromHours(2));

            // A 1000-GPU miner's Register fans out to 1000 GPU grains that queue behind their region's index writes;
            // at 100k GPUs that can exceed the 30 s default. The benchmark records how long it took instead of failing.
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(10));
        });
        return siloBuilder.Build();
    }

    /// <summary>A cluster client of the benchmark silo at these endpoints, signed in as an operator when the silo authorizes.</summary>
    internal static async Task<IHost> StartClientAsync(SiloEndpoints endpoints, bool verbose, bool authorization)
    {
        var (_, gatewayPort, clusterId) = endpoints;
        var clientBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ConfigureLogging(clientBuilder.Logging, verbose);
        clientBuilder.Services.AddSingleton<IHostLifetime, ProcessLifetime>();
        var clientConfiguration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aitbc:Mode"] = "Development",
            ["Orleans:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:ServiceId"] = ServiceId,
        }).Build();
        clientBuilder.UseOrleansClient(client =>
        {
            client.UseAitbcCluster(clientConfiguration, authorization ? _ => new OperatorKeyCredential("dev-key") : null);
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(10));
        });
        var client = clientBuilder.Build();
        await client.StartAsync();
        return client;
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
