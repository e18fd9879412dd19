using System.Net;
using System.Net.Http.Headers;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Tests.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// The gateway over real Kestrel on 127.0.0.1 (port 0; HTTP/1.1, and an h2c endpoint for gRPC), in front of the shared test cluster
/// (the "cluster" collection's ClusterFixture): the same AddAitbcGateway/MapAitbcGateway/MapAitbcOperations the
/// silo and the Gateway process use. Limits are small so that oversize requests are cheap to send.
/// </summary>
public class GatewayFixture(ClusterFixture cluster) : IAsyncLifetime
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("aitbc-gateway-").FullName;
    private readonly List<HttpClient> _clients = [];

    public ClusterFixture Cluster => cluster;

    public IClusterClient Client => cluster.Client;

    public WebApplication App { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The HTTP/2-only (h2c) endpoint where gRPC clients connect.</summary>
    public Uri GrpcAddress { get; private set; } = null!;

    /// <summary>Test limits: 1 MiB JSON bodies, 2 MiB models, 64 Ki elements per tensor.</summary>
    protected virtual void ConfigureGateway(GatewayOptions options)
    {
        options.MaxRequestBodyBytes = 1024 * 1024;
        options.MaxModelBytes = 2 * 1024 * 1024;
        options.MaxTensorElements = 65_536;
    }

    protected virtual string EnvironmentName => Environments.Development;

    public async ValueTask InitializeAsync()
    {
        // An empty content root: no appsettings.json from the test's output folder can change the gateway under test.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = EnvironmentName,
            ContentRootPath = _contentRoot,
            ApplicationName = typeof(GatewayHosting).Assembly.GetName().Name,
        });
        // One endpoint for HTTP/1.1 (and HTTP/2 over TLS, which tests do not use) and one HTTP/2-only endpoint for gRPC:
        // on plain http Kestrel serves HTTP/2 (h2c, prior knowledge) only where HTTP/1.1 is off.
        ListenOptions? http = null, grpc = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The client is this test process on a loaded 2-core CI machine, where the whole process can stall for
            // seconds: that is not a slow upload. A CI run got 408 "data arriving too slowly" for a model of a few KB.
            // No test here tests the minimum data rate.
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Listen(IPAddress.Loopback, 0, l => http = l);
            kestrel.Listen(IPAddress.Loopback, 0, l =>
            {
                l.Protocols = HttpProtocols.Http2;
                grpc = l;
            });
        });
        builder.Configuration["Aitbc:Mode"] = EnvironmentName == Environments.Development ? "Development" : "Production";
        builder.Services.AddSingleton<IClusterClient>(cluster.Client);
        builder.Services.AddSingleton<IGrainFactory>(cluster.Client);
        builder.AddAitbcObservability("aitbc-gateway-tests");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddAitbcGateway();
        builder.Services.Configure<GatewayOptions>(ConfigureGateway);

        App = builder.Build();
        App.MapAitbcOperations();
        App.MapAitbcGateway();
        await App.StartAsync();
        // Kestrel writes the bound port back into each endpoint's options.
        BaseAddress = new Uri($"http://127.0.0.1:{http!.IPEndPoint!.Port}");
        GrpcAddress = new Uri($"http://127.0.0.1:{grpc!.IPEndPoint!.Port}");
        await OnStartedAsync();
    }

    /// <summary>Fixtures that need accounts or models before their tests run create them here.</summary>
    protected virtual Task OnStartedAsync() => Task.CompletedTask;

    /// <summary>An HTTP client for the gateway, with the key as a bearer token when one is given.</summary>
    public HttpClient Http(string? key = null)
    {
        // A loaded CI machine can take longer than the default second to refuse an oversized body by its length; a
        // client that stops waiting sends the body into a closing connection (a broken pipe instead of the 413).
        var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) };
        var http = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        lock (_clients)
        {
            _clients.Add(http);
        }

        return http;
    }

    /// <summary>A fresh account with a submitter key, credited through the ledger grain.</summary>
    public async Task<TestTenant> NewTenant(decimal funds = 100m, params string[] roles)
    {
        var account = $"tenant-{Guid.NewGuid():N}";
        var key = await IssueKey(account, roles.Length == 0 ? [AccessRoles.Submitter] : roles);
        if (funds > 0)
        {
            await Client.GetGrain<IAccountGrain>(account).Apply(
                new LedgerOperation($"fund:{account}", LedgerOperationKind.Credit, funds, "test funding"));
        }

        return new TestTenant(account, key, Http(key));
    }

    public async Task<string> IssueKey(string account, string[] roles, string? minerId = null)
    {
        var key = ApiKeys.Generate();
        await Client.GetGrain<IApiKeyGrain>(ApiKeys.IdOf(key)).Create(
            new ApiKeyRecord(ApiKeys.IdOf(key), account, roles, minerId, DateTimeOffset.UtcNow, "test"));
        return key;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var http in _clients)
        {
            http.Dispose();
        }

        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_contentRoot, recursive: true);
        GC.SuppressFinalize(this);
    }
}
