using Aitbc.Orleans.Client.Clustering;
using Aitbc.Orleans.Client.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Messaging;

namespace Aitbc.Orleans.Hosting;

/// <summary>
/// How the cluster's clients (the HTTP gateway, the miner daemon, operators' tools) connect. Development: the
/// localhost gateway (Orleans:GatewayPort, default 30000). Production: TLS with the cluster's certificates
/// (Aitbc:Trust), and the silo gateways from Aitbc:SiloGateways ("host:port,...", static or DNS) or from the HTTP
/// gateway at Aitbc:Coordinator (authenticated with Aitbc:CoordinatorCredential). No client ever needs the database.
/// With a credential, every call carries a session token signed by the cluster (see <see cref="ClusterSession"/>).
/// </summary>
public static class AitbcClientHosting
{
    /// <summary>How often clients re-read the gateway list: after every silo restarts they find the new ones quickly.</summary>
    public static readonly TimeSpan GatewayRefresh = TimeSpan.FromSeconds(10);

    /// <param name="credential">
    /// How this client signs in; by default, in production, the certificate from Aitbc:Trust (gateways, operators'
    /// tools). Null in development without a credential: the client then reaches only what needs no session.
    /// </param>
    public static IClientBuilder UseAitbcCluster(
        this IClientBuilder client, IConfiguration configuration, Func<IServiceProvider, ISignInCredential>? credential = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = AitbcHostingOptions.From(configuration);
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = GatewayRefresh);
        client.Services.TryAddSingleton(TimeProvider.System);

        var tls = ClusterTlsSettings.From(configuration);
        if (options.Mode == HostingMode.Production)
        {
            if (tls is null)
            {
                throw new InvalidOperationException(
                    "Production clients connect only over TLS: set Aitbc:Trust:CaCertificate, Aitbc:Trust:Certificate and Aitbc:Trust:CertificateKey");
            }

            UseProductionGatewayList(client, configuration);
            credential ??= _ => new CertificateCredential(tls.Certificate);
        }
        else
        {
            client.UseLocalhostClustering(int.TryParse(configuration["Orleans:GatewayPort"], out var port) ? port : 30000, options.ServiceId, options.ClusterId);
        }

        if (tls is not null)
        {
            client.UseTls(o => ClusterTls.ConfigureClient(o, tls, TimeProvider.System));
        }

        if (credential is not null)
        {
            client.Services.AddSingleton(credential);
            client.Services.AddSingleton<ClusterSession>();
            client.AddOutgoingGrainCallFilter<SessionTokenFilter>();
        }

        return client;
    }

    private static void UseProductionGatewayList(IClientBuilder client, IConfiguration configuration)
    {
        var coordinator = configuration["Aitbc:Coordinator"];
        var siloGateways = configuration["Aitbc:SiloGateways"];
        if (!string.IsNullOrWhiteSpace(siloGateways))
        {
            var endpoints = SiloGatewayEndpoints.Parse(siloGateways);
            client.Services.AddSingleton<IGatewayListProvider>(new ConfiguredGatewayListProvider(endpoints, GatewayRefresh));
        }
        else if (Uri.TryCreate(coordinator, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            var credential = configuration["Aitbc:CoordinatorCredential"];
            client.Services.AddSingleton<IGatewayListProvider>(sp =>
                new HttpGatewayListProvider(url, credential, GatewayRefresh, sp.GetRequiredService<ILogger<HttpGatewayListProvider>>()));
        }
        else
        {
            throw new InvalidOperationException(
                "Production clients find the silos through Aitbc:SiloGateways (host:port,...) or the HTTP gateway at Aitbc:Coordinator (an http(s) URL)");
        }
    }
}
