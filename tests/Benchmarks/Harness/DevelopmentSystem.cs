using Aitbc.Orleans.Benchmarks.Reporting;
using Microsoft.AspNetCore.Builder;
using Aitbc.Orleans.Miner.Daemon;
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
    private readonly JobTraffic _traffic;

    private DevelopmentSystem(WebApplication app, DirectoryInfo blobs, Uri address, GrainCallCounter calls, StorageWriteCounter writes)
    {
        _app = app;
        _blobs = blobs;
        Calls = calls;
        Writes = writes;
        _traffic = new JobTraffic(address, "dev-key");
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
            // Synthetic GPUs answer zeros: hardware challenges would block them at registration (they measure the job path).
            "--Aitbc:Verification:ChallengeEnabled=false",
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

        // The local miner registers in the background: the system is ready when a job completes and every simulated rig
        // is registered (a large fleet takes minutes).
        var ready = DateTime.UtcNow + TimeSpan.FromSeconds(60) + TimeSpan.FromMilliseconds(5 * simulatedGpus);
        var agent = app.Services.GetRequiredService<MinerAgent>();
        while (true)
        {
            try
            {
                await system.SubmitJob(0);
                break;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < ready)
            {
                await Task.Delay(250);
            }
        }

        while (!agent.Registered)
        {
            if (DateTime.UtcNow > ready)
            {
                await system.DisposeAsync();
                throw new TimeoutException($"{agent.Rigs.Count(r => !r.Registered)} of {agent.Rigs.Count} simulated rigs were not registered by {ready:HH:mm:ss}");
            }

            await Task.Delay(250);
        }

        system.Rigs = agent.Rigs.Count;
        return system;
    }

    /// <summary>The simulated rigs the local miner registered (each its own miner).</summary>
    public int Rigs { get; private set; }

    /// <inheritdoc cref="JobTraffic.SubmitJob"/>
    public Task SubmitJob(long index) => _traffic.SubmitJob(index);

    /// <inheritdoc cref="JobTraffic.Health"/>
    public Task Health(long index) => _traffic.Health(index);

    public async ValueTask DisposeAsync()
    {
        _traffic.Dispose();
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
