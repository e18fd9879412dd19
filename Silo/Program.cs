using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Miner.Hosting;
using Aitbc.Orleans.Silo.Hosting;
using Orleans.Dashboard;

namespace Aitbc.Orleans.Silo;

/// <summary>
/// `dotnet run --project Silo`: in Development (the default) one process runs a silo, the gateway's HTTP and gRPC
/// endpoints on http://localhost:8080, the dashboard at /dashboard and a local miner. In Production it is one silo
/// of a PostgreSQL-backed cluster; the gateway and miners run as their own processes.
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        var app = Build(args);
        await app.RunAsync();
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

            // Development has no staking flow: any miner that joins the local cluster may take jobs.
            builder.Services.PostConfigure<FleetOptions>(o => o.MinimumStake = builder.Configuration.GetValue("Aitbc:Development:MinimumStake", 0m));
            if (builder.Configuration.GetValue("Aitbc:LocalMiner:Enabled", true))
            {
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
