using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>A gateway whose keys get three requests a minute, so the fourth is refused.</summary>
public sealed class RateLimitedGatewayFixture(ClusterFixture cluster) : GatewayFixture(cluster)
{
    public const int PermitLimit = 3;

    protected override void ConfigureGateway(GatewayOptions options)
    {
        base.ConfigureGateway(options);
        options.RateLimit.PermitLimit = PermitLimit;
        options.RateLimit.Window = TimeSpan.FromMinutes(1);
    }
}
