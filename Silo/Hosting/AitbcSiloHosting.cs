using System.Net;
using Aitbc.Orleans.Blobs;
using Aitbc.Orleans.Client.Security;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Trust;
using Npgsql;
using Orleans.Configuration;

namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>
/// The silo's Orleans configuration for both modes. Development: localhost clustering, in-memory storage, streams
/// and reminders, tensors in a temp directory, plaintext connections (said loudly at start). Production: ADO.NET clustering, persistence and
/// reminders on PostgreSQL (Npgsql), tensors in the aitbc_blob table, endpoints from Orleans:SiloPort / Orleans:GatewayPort / Orleans:AdvertisedIP,
/// TLS with the cluster CA on both ports, its own token key, and no simulated GPUs. In both modes every client call is
/// authorized by <see cref="CallAuthorizationFilter"/>.
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
        silo.AddAitbcCallAuthorization();
        silo.AddActivityPropagation();
        var tls = ClusterTlsSettings.From(configuration);
        if (tls is not null)
        {
            silo.UseClusterTls(tls);
        }

        if (options.Mode == HostingMode.Production)
        {
            RequireProductionTrust(configuration, tls);
            // Real devices only, unless the operator says otherwise in so many words (fault-injection and load tests of a
            // production cluster run simulated rigs).
            if (!configuration.GetValue("Aitbc:Fleet:AllowSimulatedGpus", false))
            {
                silo.Services.PostConfigure<FleetOptions>(o => o.AllowSimulatedGpus = false);
            }
            var cs = SiloDatabase.ConnectionString(configuration);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = SiloDatabase.NpgsqlInvariant;
                o.ConnectionString = cs;
            });
            silo.AddAitbcPostgresGrainStorage(AitbcConstants.GrainStorage, cs);
            silo.AddAitbcPostgresGrainStorage("PubSubStore", cs);
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = SiloDatabase.NpgsqlInvariant;
                o.ConnectionString = cs;
            });

            // Job tensors in the aitbc_blob table (deploy/sql/postgresql/40-blobs.sql), on the same sized pool.
            silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(cs));
            silo.Services.AddSingleton<IBlobStore>(sp => new PostgresBlobStore(sp.GetRequiredService<NpgsqlDataSource>()));
            if (configuration.GetValue("Aitbc:Kubernetes:Enabled", false))
            {
                silo.UseAitbcKubernetesHosting(configuration, siloPort, gatewayPort);
            }
            else
            {
                var advertised = configuration["Orleans:AdvertisedIP"];
                silo.ConfigureEndpoints(
                    advertised is null ? IPAddress.Loopback : IPAddress.Parse(advertised), siloPort, gatewayPort, listenOnAnyHostAddress: true);
            }
        }
        else
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
            silo.AddAitbcMemoryGrainStorage(AitbcConstants.GrainStorage);
            silo.AddAitbcMemoryGrainStorage("PubSubStore");
            silo.UseInMemoryReminderService();
            if (tls is null)
            {
                silo.Services.AddHostedService<PlaintextTransportWarning>();
            }
        }

        // In-cluster notifications only: nothing durable depends on these streams.
        silo.AddMemoryStreams(AitbcConstants.StreamProvider);
        silo.AddAitbcDashboard(configuration);
        return silo;
    }

    /// <summary>A production silo refuses to start without TLS or with the published development token key.</summary>
    private static void RequireProductionTrust(IConfiguration configuration, ClusterTlsSettings? tls)
    {
        if (tls is null)
        {
            throw new InvalidOperationException(
                "A production silo runs only with TLS: set Aitbc:Trust:CaCertificate, Aitbc:Trust:Certificate and Aitbc:Trust:CertificateKey " +
                "(deploy/scripts/local-cluster.sh shows a complete set)");
        }

        var trust = configuration.GetSection(TrustOptions.Section);
        if (string.IsNullOrWhiteSpace(trust["TokenKey"]) && string.IsNullOrWhiteSpace(trust["TokenKeyFile"]))
        {
            throw new InvalidOperationException(
                "A production silo needs the cluster's token key (Aitbc:Trust:TokenKeyFile or Aitbc:Trust:TokenKey, 32+ random bytes, the same on every silo)");
        }

        if (trust.GetValue<bool>("AcceptDevelopmentOperatorKey"))
        {
            throw new InvalidOperationException("Aitbc:Trust:AcceptDevelopmentOperatorKey is for development only");
        }
    }
}
