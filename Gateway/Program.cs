using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Hosting;

namespace Aitbc.Orleans.Gateway;

/// <summary>
/// The gateway as its own process: an Orleans client that finds the silos from Aitbc:SiloGateways, connects over TLS
/// with its gateway certificate and signs in with it; it never holds database credentials. Operators' requests run
/// under the operator's own session. `Gateway create-key ...` issues an API key instead of serving
/// (see <see cref="CreateKeyCommand"/>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == CreateKeyCommand.Name)
        {
            return await CreateKeyCommand.RunAsync(args[1..]);
        }

        var builder = WebApplication.CreateBuilder(args);
        builder.UseOrleansClient(client => client.UseAitbcCluster(builder.Configuration).AddActivityPropagation());
        builder.AddAitbcObservability("aitbc-gateway");
        // Its own thread pool does not show the silos' queues: it pings them too (configuration may still turn it off).
        builder.Services.Configure<GatewayOptions>(o => o.MeasureSiloLag = true);
        builder.AddAitbcGateway();
        var app = builder.Build();
        app.MapAitbcOperations();
        app.MapAitbcGateway();
        await app.RunAsync();
        return 0;
    }
}
