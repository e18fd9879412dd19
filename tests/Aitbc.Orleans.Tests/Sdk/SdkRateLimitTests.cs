using System.Net;
using Aitbc.Orleans.Sdk;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Tests.Gateway;
using Kit = Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Sdk;

/// <summary>The gateway's real rate limiter: its 429 carries Retry-After, which the SDK reports when it will not wait that long.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SdkRateLimitTests(RateLimitedGatewayFixture fixture) : IClassFixture<RateLimitedGatewayFixture>
{
    [Fact]
    public async Task Past_the_limit_the_problem_says_when_to_come_back()
    {
        using var sdk = fixture.Sdk(await fixture.NewTenant(), o => o.MaxRetryDelay = TimeSpan.FromSeconds(1));
        for (var i = 0; i < RateLimitedGatewayFixture.PermitLimit; i++)
        {
            await sdk.ListJobsAsync(cancellationToken: Kit.Ct);
        }

        var error = await Assert.ThrowsAsync<AitbcApiException>(() => sdk.ListJobsAsync(cancellationToken: Kit.Ct));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.True(error.RetryAfter > TimeSpan.FromSeconds(1), $"Retry-After {error.RetryAfter}");
    }
}
