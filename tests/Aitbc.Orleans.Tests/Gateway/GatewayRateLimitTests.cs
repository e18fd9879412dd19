using System.Net;
using Aitbc.Orleans.Tests.Fixtures;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>Per-key rate limits: 429 with Retry-After, and one key's burst does not limit another key.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayRateLimitTests(RateLimitedGatewayFixture fixture) : IClassFixture<RateLimitedGatewayFixture>
{
    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_retry_after_and_other_keys_are_unaffected()
    {
        var busy = await fixture.NewTenant();
        for (var i = 0; i < RateLimitedGatewayFixture.PermitLimit; i++)
        {
            using var ok = await busy.Http.GetAsync("/v1/accounts/me", Ct);
            await ok.Expect(HttpStatusCode.OK);
        }

        using var limited = await busy.Http.GetAsync("/v1/accounts/me", Ct);
        var problem = await limited.Expect(HttpStatusCode.TooManyRequests);
        Assert.Equal(429, problem["status"]!.GetValue<int>());
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");

        var calm = await fixture.NewTenant();
        using var other = await calm.Http.GetAsync("/v1/accounts/me", Ct);
        await other.Expect(HttpStatusCode.OK);
        using var health = await busy.Http.GetAsync("/health/live", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
