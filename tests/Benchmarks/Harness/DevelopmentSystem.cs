using System.Net;
using System.Security.Cryptography;
using System.Text;
using Aitbc.Orleans.Benchmarks.Reporting;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// The development system exactly as `dotnet run --project Silo` builds it (one process: silo with in-memory storage,
/// the co-hosted gateway, the dashboard, and the local miner simulating GPUs that answer after a synthetic delay), on
/// loopback ports the OS hands out, with a grain-call counter and a storage-write counter attached, and an HTTP client
/// that submits the demo model's jobs with the development key.
/// </summary>
public sealed class DevelopmentSystem : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _blobs;
    private readonly HttpClient _http;
    private readonly byte[] _body;

    private DevelopmentSystem(WebApplication app, DirectoryInfo blobs, Uri address, GrainCallCounter calls, StorageWriteCounter writes)
    {
        _app = app;
        _blobs = blobs;
        Calls = calls;
        Writes = writes;
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4096, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        _http.DefaultRequestHeaders.Add("X-Api-Key", "dev-key");
        var demo = DemoModels.Default;
        var modelId = ModelStore.ModelIdFor(Convert.ToHexStringLower(SHA256.HashData(demo.ModelBytes)));
        var data = string.Join(",", Enumerable.Range(1, demo.InputDim));
        var tensor = $"{{\"type\":\"float32\",\"shape\":[1,{demo.InputDim}],\"data\":[{data}]}}";
        _body = Encoding.UTF8.GetBytes(
            $"{{\"modelId\":\"{modelId}\",\"latencyClass\":\"standard\",\"client\":{{\"lat\":50.11,\"lon\":8.68}},\"maxPrice\":0.01,\"inputs\":{{\"{demo.InputName}\":{tensor}}}}}");
    }

    public GrainCallCounter Calls { get; }

    public StorageWriteCounter Writes { get; }

    public static async Task<DevelopmentSystem> StartAsync(int simulatedGpus)
    {
        var httpPort = FreePorts.Next();
        var calls = new GrainCallCounter();
        var writes = new StorageWriteCounter();
        var blobs = Directory.CreateTempSubdirectory("aitbc-bench-blobs-");
        string[] args =
        [
            // The silo project's own appsettings.json (log levels included), as `dotnet run --project Silo` reads it.
            $"--contentRoot={Path.Combine(RepoPaths.Root, "Silo")}",
            "--Aitbc:Mode=Development",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{httpPort}",
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{FreePorts.Next()}",
            "--Kestrel:Endpoints:Grpc:Protocols=Http2",
            $"--Orleans:SiloPort={FreePorts.Next()}",
            $"--Orleans:GatewayPort={FreePorts.Next()}",
            $"--Orleans:ClusterId=bench-{Guid.NewGuid():N}",
            $"--Aitbc:LocalMiner:Simulate={simulatedGpus}",
            "--Aitbc:LocalMiner:SyntheticDelayMs=1",
            "--Aitbc:Gateway:RateLimit:PermitLimit=100000000",
            "--Aitbc:Development:TenantFunding=100000000",
            $"--Aitbc:Blobs:Directory={blobs.FullName}",
        ];
        var app = Silo.Program.Build(args, builder =>
        {
            // Logging stays as the silo's appsettings.json sets it (console, Information; Orleans and Polly Warning).
            builder.Services.AddSingleton(calls);
            builder.Services.AddSingleton<IIncomingGrainCallFilter>(calls);
        });
        await app.StartAsync();
        var system = new DevelopmentSystem(app, blobs, new Uri($"http://127.0.0.1:{httpPort}"), calls, writes);

        // The local miner registers in the background: the system is ready when a job completes.
        var ready = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                await system.SubmitJob(0);
                return system;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < ready)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>POST /v1/jobs?wait=30 with the demo model; succeeds only on 200 with a completed job.</summary>
    public async Task SubmitJob(long index)
    {
        using var content = new ByteArrayContent(_body);
        content.Headers.ContentType = new("application/json");
        using var response = await _http.PostAsync("/v1/jobs?wait=30", content);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK || !text.Contains("\"status\":\"completed\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{(int)response.StatusCode}: {text[..Math.Min(200, text.Length)]}");
        }
    }

    /// <summary>GET /health/ready: a grain call through the same Kestrel.</summary>
    public async Task Health(long index)
    {
        using var response = await _http.GetAsync("/health/ready");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"/health/ready answered {(int)response.StatusCode}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync();
        Writes.Dispose();
        _blobs.Delete(recursive: true);
    }
}
