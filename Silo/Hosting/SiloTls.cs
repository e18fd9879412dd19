using Aitbc.Orleans.Client.Security;
using Aitbc.Orleans.Trust;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>
/// TLS on both of a silo's ports, with the cluster CA as the only root. The silo port admits only silo certificates
/// (so no client certificate, a miner's included, can join the cluster as a silo); the gateway port admits miners,
/// gateways and operators' tools. Connections to other silos present this silo's certificate and expect a silo's.
/// </summary>
public static class SiloTls
{
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, ClusterTlsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(settings);
        if (!ClusterCertificates.TryReadSubject(settings.Certificate, out var role, out _) || role != CallerKind.Silo)
        {
            throw new InvalidOperationException($"Aitbc:Trust:Certificate must be a silo certificate of the cluster CA, not '{settings.Certificate.Subject}'");
        }

        var time = TimeProvider.System;
        silo.Configure<SiloConnectionOptions>(connections =>
        {
            connections.ConfigureSiloInboundConnection(c => c.UseServerTls(Server(settings, time, CallerKind.Silo)));
            connections.ConfigureGatewayInboundConnection(c => c.UseServerTls(Server(settings, time, CallerKind.Miner, CallerKind.Gateway, CallerKind.Operator)));
            connections.ConfigureSiloOutboundConnection(c => c.UseClientTls(Server(settings, time, CallerKind.Silo)));
        });
        return silo;
    }

    private static TlsOptions Server(ClusterTlsSettings settings, TimeProvider time, params CallerKind[] peers) => new()
    {
        LocalCertificate = settings.Certificate,
        RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
        ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
        RemoteCertificateValidation = ClusterTls.Validator(settings.Authority, time, peers),
    };
}
