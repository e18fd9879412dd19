using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Aitbc.Orleans.Hosting;

/// <summary>Cluster membership for Orleans clients (gateway and miner processes).</summary>
public static class AitbcClientHosting
{
    /// <summary>
    /// Development: the localhost gateway (Orleans:GatewayPort, default 30000). Production: the ADO.NET gateway list on
    /// PostgreSQL, so clients find every live silo without a fixed address.
    /// </summary>
    public static IClientBuilder UseAitbcClustering(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        var options = AitbcHostingOptions.From(configuration);
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        // Re-read the gateway list often: after every silo restarts, clients must find the new ones quickly.
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10));
        if (options.Mode == HostingMode.Production)
        {
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = AitbcHostingOptions.NpgsqlInvariant;
                o.ConnectionString = options.PostgresConnectionString;
            });
        }
        else
        {
            client.UseLocalhostClustering(int.TryParse(configuration["Orleans:GatewayPort"], out var port) ? port : 30000, options.ServiceId, options.ClusterId);
        }

        return client;
    }
}
