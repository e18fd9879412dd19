using System.Net;
using Aitbc.Orleans.Tests.Fixtures;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>Production has no default key.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayProductionAuthTests(ProductionGatewayFixture fixture) : IClassFixture<ProductionGatewayFixture>
{
    [Fact]
    public async Task The_development_key_is_refused_in_production_while_issued_keys_work()
    {
        using var dev = await fixture.Http("dev-key").GetAsync("/v1/accounts/me", Ct);
        await dev.Expect(HttpStatusCode.Unauthorized);

        var tenant = await fixture.NewTenant(5m);
        using var me = await tenant.Http.GetAsync("/v1/accounts/me", Ct);
        Assert.Equal(5m, (await me.Expect(HttpStatusCode.OK))["balance"].Decimal());
    }
}
