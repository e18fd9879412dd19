using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Miner.Hosting;
using Aitbc.Orleans.Silo.Hosting;
using Aitbc.Orleans.Silo.Trust;
using Aitbc.Orleans.Trust;
using Orleans.Dashboard;

namespace Aitbc.Orleans.Silo;

/// <summary>
/// `dotnet run --project Silo`: in Development (the default) one process runs a silo, the gateway's HTTP and gRPC
/// endpoints on http://localhost:8080, the dashboard at /dashboard and a local miner. In Production it is one silo
/// of a PostgreSQL-backed cluster; the gateway and miners run as their own processes.
/// `Silo create-credentials DIR` writes a development CA and the certificates of a local production cluster.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == ClusterCredentialsCommand.Name)
        {
            return await ClusterCredentialsCommand.RunAsync(args[1..]);
        }

        var app = Build(args);
        await app.RunAsync();
        return 0;
    }

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var hosting = AitbcHostingOptions.From(builder.Configuration);
        builder.UseOrleans(silo => silo.UseAitbcSilo(builder.Configuration));
        builder.AddAitbcObservability("aitbc-silo");
        var gatewayEnabled = builder.Configuration.GetValue("Aitbc:Gateway:Enabled", hosting.Mode == HostingMode.Development);
        if (gatewayEnabled)
        {
            builder.AddAitbcGateway();
        }
        else
        {
            // A production silo serves no API, but its dashboard still needs operator keys.
            builder.AddAitbcApiKeys();
        }

        if (hosting.Mode == HostingMode.Development)
        {
            builder.Services.AddHostedService<DevelopmentBootstrap>();

            // Development needs no stake and takes rigs without a configured location, so that any miner that joins
            // the local cluster may take jobs; the documented "dev-key" signs in as an operator (tests, tools).
            builder.Services.PostConfigure<FleetOptions>(o =>
            {
                o.MinimumStake = builder.Configuration.GetValue("Aitbc:Development:MinimumStake", 0m);
                o.RefuseNullIsland = false;
            });
            builder.Services.PostConfigure<TrustOptions>(o => o.AcceptDevelopmentOperatorKey = true);
            if (builder.Configuration.GetValue("Aitbc:LocalMiner:Enabled", true))
            {
                builder.Services.AddSingleton<IRigEnrollment, LocalRigEnrollment>();
                builder.Services.AddAitbcMiner(builder.Configuration.GetSection("Aitbc:LocalMiner"), o =>
                {
                    // In-process: models come from the cluster's chunk grains rather than over HTTP to ourselves.
                    o.GatewayUrl = null;
                    o.MinerId ??= "local-miner";
                    o.Location ??= new MinerLocation { Latitude = 50.11, Longitude = 8.68 };
                    o.StateDirectory = Path.Combine(Path.GetTempPath(), "aitbc-dev-silo", "local-miner");
                });
            }
        }

        var app = builder.Build();
        app.MapAitbcOperations();
        if (gatewayEnabled)
        {
            app.MapAitbcGateway();
        }
        else
        {
            app.UseAitbcApiKeys();
        }

        // Operators only in production; open on a development machine so a browser can show it without a key.
        var dashboard = app.MapOrleansDashboard(routePrefix: "/dashboard");
        if (hosting.Mode == HostingMode.Production)
        {
            dashboard.RequireOperator();
        }
        return app;
    }
}
