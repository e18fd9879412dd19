using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// The real HTTP gateway (Kestrel on a loopback port) over the bench cluster's client, in development mode so the
/// documented "dev-key" works. Requests go over real sockets, JSON and all.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<GatewayHost> StartAsync(IClusterClient client)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Development,
            ContentRootPath = Path.GetTempPath(),
        });
        builder.WebHost.UseUrls($"http://127.0.0.1:{LoopbackPorts.Next()}");
        builder.Logging.ClearProviders();
        builder.Configuration["Aitbc:Mode"] = "Development";
        builder.Configuration["Aitbc:Gateway:RateLimit:PermitLimit"] = "100000000";
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton<IGrainFactory>(client);
        builder.AddAitbcGateway();
        var app = builder.Build();
        app.MapAitbcGateway();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
