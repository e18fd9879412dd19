using System.Net;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>A host without the gateway (as the silo's dashboard would be) protecting an endpoint with RequireOperator().</summary>
[Collection(ClusterCollection.Name)]
public sealed class RequireOperatorTests(ClusterFixture cluster)
{
    [Fact]
    public async Task An_operator_only_endpoint_is_401_without_a_key_403_for_a_submitter_and_open_to_an_operator()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Aitbc:Mode"] = "Production";
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IGrainFactory>(cluster.Client);
        builder.AddAitbcApiKeys();
        await using var app = builder.Build();
        app.UseAitbcApiKeys();
        app.MapGet("/dashboard", () => Results.Text("dashboard")).RequireOperator();
        await app.StartAsync(Ct);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        async Task<HttpStatusCode> Get(string? key)
        {
            using var http = new HttpClient { BaseAddress = address };
            if (key is not null)
            {
                http.DefaultRequestHeaders.Add("X-Api-Key", key);
            }

            using var response = await http.GetAsync("/dashboard", Ct);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await Get(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get("dev-key")); // production: no development key
        Assert.Equal(HttpStatusCode.Forbidden, await Get(await Key(AccessRoles.Submitter)));
        Assert.Equal(HttpStatusCode.OK, await Get(await Key(AccessRoles.Operator)));
        await app.StopAsync(Ct);
    }

    private async Task<string> Key(string role)
    {
        var key = ApiKeys.Generate();
        await cluster.Client.GetGrain<IApiKeyGrain>(ApiKeys.IdOf(key)).Create(
            new ApiKeyRecord(ApiKeys.IdOf(key), $"acct-{Guid.NewGuid():N}", [role], null, DateTimeOffset.UtcNow, null));
        return key;
    }
}
