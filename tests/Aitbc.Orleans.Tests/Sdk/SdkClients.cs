using Aitbc.Orleans.Sdk;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Tests.Gateway;

namespace Aitbc.Orleans.Tests.Sdk;

/// <summary>SDK clients for a test gateway, acting as a test tenant.</summary>
public static class SdkClients
{
    public static AitbcClient Sdk(this GatewayFixture fixture, TestTenant tenant, Action<AitbcClientOptions>? configure = null, HttpMessageHandler? handler = null)
    {
        var options = new AitbcClientOptions { BaseAddress = fixture.BaseAddress, ApiKey = tenant.Key };
        configure?.Invoke(options);
        return handler is null
            ? new AitbcClient(options)
            : new AitbcClient(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, options);
    }
}
