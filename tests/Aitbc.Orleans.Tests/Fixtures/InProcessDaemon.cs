using System.Globalization;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Miner.Hosting;
using Aitbc.Orleans.Miner.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// The real miner daemon (AddAitbcMiner: detection, ONNX Runtime, telemetry, signing) hosted in the test process over
/// the test cluster's client, enrolled as POST /v1/miners would enrol it, started and online. Disposing stops it
/// (drain and deregister) and removes its state folder.
/// </summary>
public sealed class InProcessDaemon : IAsyncDisposable
{
    private readonly DirectoryInfo _state;
    private bool _stopped;

    private InProcessDaemon(ServiceProvider provider, DirectoryInfo state)
    {
        Provider = provider;
        _state = state;
        Agent = provider.GetRequiredService<MinerAgent>();
    }

    public ServiceProvider Provider { get; }

    public MinerAgent Agent { get; }

    public string MinerId => Agent.MinerId;

    public JobRunner Runner => Provider.GetRequiredService<JobRunner>();

    /// <param name="settings">Miner settings on top of the id, state folder, location and no gateway URL.</param>
    /// <param name="services">Replacements registered after the daemon's own (a process runner, say).</param>
    public static async Task<InProcessDaemon> StartAsync(
        IClusterClient client, string idPrefix, double latitude, double longitude,
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var state = Directory.CreateTempSubdirectory("aitbc-daemon-");
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        collection.AddSingleton<IGrainFactory>(client);
        var values = new Dictionary<string, string?>
        {
            ["MinerId"] = $"{idPrefix}-{Guid.NewGuid():N}",
            ["StateDirectory"] = state.FullName,
            ["GatewayUrl"] = "",
            ["Location:Latitude"] = latitude.ToString(CultureInfo.InvariantCulture),
            ["Location:Longitude"] = longitude.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        collection.AddAitbcMiner(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services?.Invoke(collection);
        var daemon = new InProcessDaemon(collection.BuildServiceProvider(), state);
        await client.GetGrain<IMinerEnrollmentGrain>(daemon.MinerId).Enroll(new MinerEnrollment(
            daemon.MinerId, $"{idPrefix}-owner", daemon.Provider.GetRequiredService<MinerIdentity>().PublicKeyBase64, idPrefix, DateTimeOffset.UtcNow, ""));
        await daemon.Agent.StartAsync(TestContext.Current.CancellationToken);
        await TestWait.Until(async () => (await client.GetGrain<IMinerGrain>(daemon.MinerId).GetSnapshot())?.Online == true, TimeSpan.FromSeconds(20));
        return daemon;
    }

    /// <summary>Drains and deregisters (once).</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await Agent.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Provider.DisposeAsync();
        _state.Delete(recursive: true);
    }
}
