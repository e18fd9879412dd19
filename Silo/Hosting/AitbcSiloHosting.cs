using System.Net;
using Aitbc.Orleans.Blobs;
using Aitbc.Orleans.Hosting;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>
/// The silo's Orleans configuration for both modes. Development: localhost clustering, in-memory storage (Orleans
/// serializer), streams and reminders, tensors in a temp directory. Production: ADO.NET clustering, persistence and reminders on PostgreSQL (Npgsql), tensors in the aitbc_blob table, endpoints from
/// Orleans:SiloPort / Orleans:GatewayPort / Orleans:AdvertisedIP.
/// </summary>
public static class AitbcSiloHosting
{
    public static ISiloBuilder UseAitbcSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var options = AitbcHostingOptions.From(configuration);
        var siloPort = int.TryParse(configuration["Orleans:SiloPort"], out var sp) ? sp : 11111;
        var gatewayPort = int.TryParse(configuration["Orleans:GatewayPort"], out var gp) ? gp : 30000;

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        silo.Services.AddAitbcGrainServices(configuration);
        silo.AddActivityPropagation();
        if (options.Mode == HostingMode.Production)
        {
            var cs = options.PostgresConnectionString;
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = AitbcHostingOptions.NpgsqlInvariant;
                o.ConnectionString = cs;
            });
            silo.AddAitbcPostgresGrainStorage(AitbcConstants.GrainStorage, cs!);
            silo.AddAitbcPostgresGrainStorage("PubSubStore", cs!);
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = AitbcHostingOptions.NpgsqlInvariant;
                o.ConnectionString = cs;
            });

            // Job tensors in the aitbc_blob table (deploy/sql/postgresql/40-blobs.sql), on the same sized pool.
            silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(cs!));
            silo.Services.AddSingleton<IBlobStore>(sp => new PostgresBlobStore(sp.GetRequiredService<NpgsqlDataSource>()));
            var advertised = configuration["Orleans:AdvertisedIP"];
            silo.ConfigureEndpoints(
                advertised is null ? IPAddress.Loopback : IPAddress.Parse(advertised), siloPort, gatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
            silo.AddAitbcMemoryGrainStorage(AitbcConstants.GrainStorage);
            silo.AddAitbcMemoryGrainStorage("PubSubStore");
            silo.UseInMemoryReminderService();
        }

        // In-cluster notifications only: nothing durable depends on these streams.
        silo.AddMemoryStreams(AitbcConstants.StreamProvider);
        silo.AddDashboard();
        return silo;
    }
}
