using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>A gateway that holds one job submission at a time, so a second one in flight is refused.</summary>
public sealed class AdmissionBoundGatewayFixture(ClusterFixture cluster) : GatewayFixture(cluster)
{
    protected override void ConfigureGateway(GatewayOptions options)
    {
        base.ConfigureGateway(options);
        options.MaxSubmissionsInFlight = 1;
    }
}
