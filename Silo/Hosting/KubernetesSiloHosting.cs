using Orleans.Configuration;

namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>
/// A production silo in a Kubernetes pod (Aitbc:Kubernetes:Enabled; deploy/kubernetes). Orleans' Kubernetes hosting
/// takes the silo's name, advertised IP and service and cluster ids from the pod (POD_NAME, POD_NAMESPACE, POD_IP,
/// ORLEANS_SERVICE_ID, ORLEANS_CLUSTER_ID) and marks silos whose pods are gone as dead; membership itself stays in
/// PostgreSQL. A stopping pod gets Aitbc:Kubernetes:ShutdownTimeout (default 45 s, under the pod's termination grace
/// period) to leave the cluster: the silo stops taking calls, hands its grains back and leaves the membership table.
/// </summary>
public static class KubernetesSiloHosting
{
    public static ISiloBuilder UseAitbcKubernetesHosting(this ISiloBuilder silo, IConfiguration configuration, int siloPort, int gatewayPort)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        silo.Configure<EndpointOptions>(o =>
        {
            o.SiloPort = siloPort;
            o.GatewayPort = gatewayPort;
        });
        silo.UseKubernetesHosting();
        var shutdown = configuration.GetValue("Aitbc:Kubernetes:ShutdownTimeout", TimeSpan.FromSeconds(45));
        silo.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdown);
        return silo;
    }
}
