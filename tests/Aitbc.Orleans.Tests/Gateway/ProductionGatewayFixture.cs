using Aitbc.Orleans.Tests.Fixtures;
using Microsoft.Extensions.Hosting;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>The gateway as production runs it: no development key.</summary>
public sealed class ProductionGatewayFixture(ClusterFixture cluster) : GatewayFixture(cluster)
{
    protected override string EnvironmentName => Environments.Production;
}
