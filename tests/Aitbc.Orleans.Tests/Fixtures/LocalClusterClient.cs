using Aitbc.Orleans.Client.Security;
using Aitbc.Orleans.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// An Orleans client of a development silo running as a child process (localhost gateway on a given port), signed in
/// as an operator with the documented development key, which only a development silo accepts.
/// </summary>
public sealed class LocalClusterClient : IAsyncDisposable
{
    private readonly IHost _host;

    private LocalClusterClient(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<LocalClusterClient> Connect(int gatewayPort, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Aitbc:Mode"] = "Development",
                ["Orleans:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }).Build();
            builder.UseOrleansClient(c => c.UseAitbcCluster(configuration, _ => new OperatorKeyCredential("dev-key")));
            var host = builder.Build();
            try
            {
                await host.StartAsync();
                return new LocalClusterClient(host);
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                host.Dispose();
                await Task.Delay(500);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // The silo may already be gone; the client is being thrown away either way.
        }

        _host.Dispose();
    }
}
