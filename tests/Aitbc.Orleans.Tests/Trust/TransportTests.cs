using System.Net;
using System.Security.Cryptography.X509Certificates;
using Aitbc.Orleans.Client.Clustering;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Trust;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Connections.Security;

namespace Aitbc.Orleans.Tests.Trust;

/// <summary>
/// Acceptance 1, against the cluster local-cluster.sh starts: stock Orleans clients that are not the cluster's own get
/// no answer from any grain (the probe is IManagementGrain.GetHosts): without TLS, with TLS but no client certificate,
/// and with a certificate from another CA. The same probe with the cluster's operator certificate answers, so the
/// probe itself works.
/// </summary>
[Collection(ProductionClusterCollection.Name)]
public sealed class TransportTests(ProductionClusterFixture cluster)
{
    [Fact]
    public async Task A_client_without_tls_gets_no_answer() =>
        Assert.Null(await Probe(_ => { }));

    [Fact]
    public async Task A_tls_client_without_a_client_certificate_gets_no_answer() =>
        Assert.Null(await Probe(client => client.UseTls(o =>
        {
            o.ClientCertificateMode = RemoteCertificateMode.AllowCertificate;
            o.AllowAnyRemoteCertificate();
        })));

    [Fact]
    public async Task A_client_with_a_certificate_from_another_ca_gets_no_answer()
    {
        // A perfectly formed operator certificate, from an authority the cluster never trusted.
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var otherCa = ClusterCertificates.CreateAuthority("someone else's CA", now, TimeSpan.FromDays(30));
        using var forged = ClusterCertificates.IssueWithNewKey(otherCa, CallerKind.Operator, "operator", now, TimeSpan.FromDays(30));
        using var usable = X509CertificateLoader.LoadPkcs12(forged.Export(X509ContentType.Pkcs12), null);
        Assert.Null(await Probe(client => client.UseTls(usable, o => o.AllowAnyRemoteCertificate())));
    }

    [Fact]
    public async Task The_clusters_own_operator_certificate_gets_the_answer()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aitbc:Mode"] = "Production",
            ["Aitbc:SiloGateways"] = cluster.SiloGateways,
            ["Aitbc:Trust:CaCertificate"] = cluster.CaCertificate,
            ["Aitbc:Trust:Certificate"] = cluster.OperatorCertificate,
            ["Aitbc:Trust:CertificateKey"] = cluster.OperatorCertificateKey,
        }).Build();
        var hosts = await Probe(client => client.UseAitbcCluster(configuration), clustering: false);
        Assert.NotNull(hosts);
        Assert.Equal(2, hosts.Count(h => h.Value == SiloStatus.Active));
    }

    /// <summary>
    /// Connects a client configured by <paramref name="configure"/> and asks for the hosts; null when no answer came.
    /// A refused client never finishes connecting (the silos drop it at the TLS handshake), so waiting is the check:
    /// the cluster's own client answers in seconds.
    /// </summary>
    private async Task<Dictionary<SiloAddress, SiloStatus>?> Probe(Action<IClientBuilder> configure, bool clustering = true)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            if (clustering)
            {
                var endpoints = SiloGatewayEndpoints.Parse(cluster.SiloGateways).Select(e => new IPEndPoint(IPAddress.Parse(e.Host), e.Port)).ToArray();
                client.UseStaticClustering(endpoints);
            }

            client.Configure<global::Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
            configure(client);
        });
        using var host = builder.Build();
        try
        {
            await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(clustering ? 15 : 60));
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            return await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or SiloUnavailableException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            return null;
        }
        finally
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
                // A client that never connected has nothing to stop cleanly.
            }
        }
    }
}
