using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Attestation;
using Aitbc.Orleans.Benchmarks.Reporting;
using Aitbc.Orleans.Fleet;
using Microsoft.AspNetCore.Builder;
using Aitbc.Orleans.Miner.Attestation;
using Aitbc.Orleans.Miner.Daemon;
using Microsoft.Extensions.DependencyInjection;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// The development system exactly as `dotnet run --project Silo` builds it (one process: silo with in-memory storage,
/// the co-hosted gateway, the dashboard, and the local miner simulating GPUs that answer after a synthetic delay), on
/// loopback ports the OS hands out, with a grain-call counter and a storage-write counter attached, and an HTTP client
/// that submits the demo model's jobs with the development key. <see cref="StartWithMinerProcessAsync"/> runs the same
/// system with the simulated GPUs in a `MinerClient run --simulate N` process of their own instead of the local miner.
/// </summary>
public sealed class DevelopmentSystem : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _blobs;
    private readonly JobTraffic _traffic;
    private DirectoryInfo? _minerState;

    /// <summary>Simulated GPUs answer after this long instead of running ONNX Runtime (the coordinator is measured).</summary>
    private const int SyntheticDelayMs = 1;

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

    /// <summary>The silo's services (its storage, for what a run leaves behind).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The development system as `dotnet run --project Silo` runs it: the local miner simulates the GPUs in the silo's process.</summary>
    public static Task<DevelopmentSystem> StartAsync(int simulatedGpus) => StartAsync(simulatedGpus, minerProcess: false, _ => { });

    /// <summary>
    /// The development system with its local miner off, and the simulated GPUs served by `MinerClient run --simulate N`
    /// in its own process, an Orleans client of the silo as a real rig's daemon is: the silo's heap then holds the cluster
    /// only. Ready once the daemon's every rig has registered and the cluster counts every GPU.
    /// </summary>
    public static Task<DevelopmentSystem> StartWithMinerProcessAsync(int simulatedGpus, Action<string> log) => StartAsync(simulatedGpus, minerProcess: true, log);

    private static async Task<DevelopmentSystem> StartAsync(int simulatedGpus, bool minerProcess, Action<string> log)
    {
        var httpPort = LoopbackPorts.Next();
        var gatewayPort = LoopbackPorts.Next();
        var clusterId = $"bench-{Guid.NewGuid():N}";
        var calls = new GrainCallCounter();
        var writes = new StorageWriteCounter();
        var blobs = Directory.CreateTempSubdirectory("aitbc-bench-blobs-");
        string[] args =
        [
            // The silo project's own appsettings.json (log levels included), as `dotnet run --project Silo` reads it.
            $"--contentRoot={Path.Combine(RepoPaths.Root, "Silo")}",
            "--Aitbc:Mode=Development",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{httpPort}",
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{LoopbackPorts.Next()}",
            "--Kestrel:Endpoints:Grpc:Protocols=Http2",
            $"--Orleans:SiloPort={LoopbackPorts.Next()}",
            $"--Orleans:GatewayPort={gatewayPort}",
            $"--Orleans:ClusterId={clusterId}",
            .. (minerProcess
                ? (string[])["--Aitbc:LocalMiner:Enabled=false"]
                : [$"--Aitbc:LocalMiner:Simulate={simulatedGpus}", $"--Aitbc:LocalMiner:SyntheticDelayMs={SyntheticDelayMs}"]),
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
        var address = new Uri($"http://127.0.0.1:{httpPort}");
        var system = new DevelopmentSystem(app, blobs, address, calls, writes);

        // The miner registers in the background: the system is ready when every simulated rig is registered and a job
        // completes (a large fleet takes minutes).
        var ready = DateTime.UtcNow + TimeSpan.FromSeconds(120) + TimeSpan.FromMilliseconds(5 * simulatedGpus);
        try
        {
            if (minerProcess)
            {
                system._minerState = Directory.CreateTempSubdirectory("aitbc-bench-miner-");
                await AllowMinerBinary(app.Services.GetRequiredService<IGrainFactory>());
                system.Miner = MinerDaemon.StartSimulated(simulatedGpus, SyntheticDelayMs, clusterId, gatewayPort, address, system._minerState.FullName);
                await system.WaitForMinerProcess(simulatedGpus, ready, log);
            }
            else
            {
                var agent = app.Services.GetRequiredService<MinerAgent>();
                await system.WaitForJob(ready);
                await Until(() => Task.FromResult(agent.Registered), ready,
                    () => $"{agent.Rigs.Count(r => !r.Registered)} of {agent.Rigs.Count} simulated rigs were not registered by {ready:HH:mm:ss}");
                system.Rigs = agent.Rigs.Count;
            }
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }

        return system;
    }

    /// <summary>The daemon process's every rig registered (by its log), every GPU in the cluster's regions (by the silo), and a job through.</summary>
    private async Task WaitForMinerProcess(int gpus, DateTime ready, Action<string> log)
    {
        var miner = Miner!;
        var grains = _app.Services.GetRequiredService<IGrainFactory>();
        var nextLog = DateTime.UtcNow;
        await Until(async () =>
        {
            if (miner.HasExited)
            {
                throw new InvalidOperationException($"MinerClient exited while registering:{Environment.NewLine}{miner.Tail}");
            }

            var everyRig = miner.Rigs > 0 && miner.RegisteredRigs >= miner.Rigs;
            var logNow = DateTime.UtcNow >= nextLog;
            var online = everyRig || logNow ? await RegisteredGpus(grains) : 0;
            if (logNow)
            {
                log($"MinerClient: {miner.RegisteredRigs:N0} of {(miner.Rigs > 0 ? miner.Rigs.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "?")} rigs registered" +
                    $" ({miner.ReRegistrations} again, {miner.LostSessions} lost sessions); the cluster indexes {online:N0} of {gpus:N0} GPUs");
                nextLog = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            }

            return everyRig && online >= gpus;
        }, ready, () => $"{miner.RegisteredRigs} of {miner.Rigs} rigs registered by {ready:HH:mm:ss}:{Environment.NewLine}{miner.Tail}");
        await WaitForJob(ready);
        Rigs = miner.Rigs;
    }

    /// <summary>
    /// Puts the daemon this system runs on the operators' attestation allowlist (its binary's SHA-256, the ONNX Runtime
    /// version of this build, no driver, this OS), as an operator does for the release a healthy fleet runs: its rigs then
    /// attest once and renew after a day. Unlisted, every rig is refused and retries after 1, 2, 4, ... 30 minutes, and
    /// those waves of 22,000 refusals (each a signature check and a warning line) fall inside the measurement.
    /// </summary>
    private static async Task AllowMinerBinary(IGrainFactory grains)
    {
        var measurement = new DaemonMeasurement(MinerDaemon.BinaryPath);
        var policy = grains.GetGrain<IAttestationPolicyGrain>(0);
        var current = await policy.Get();
        await policy.Set(current with
        {
            Binaries = [.. current.Binaries, measurement.BinarySha256],
            OnnxRuntimeVersions = [.. current.OnnxRuntimeVersions, measurement.OnnxRuntimeVersion],
            Drivers = [.. current.Drivers, new DriverRecord(DaemonMeasurement.NoDriver)],
            OsPrefixes = [.. current.OsPrefixes, DaemonMeasurement.Os],
        });
    }

    /// <summary>The GPUs the cluster's regions index (online ones), as the fleet directory counts them.</summary>
    private static async Task<int> RegisteredGpus(IGrainFactory grains) =>
        (await grains.GetGrain<IFleetDirectoryGrain>("fleet").GetRegions()).Sum(r => r.GpuCount);

    private async Task WaitForJob(DateTime ready)
    {
        while (true)
        {
            try
            {
                await SubmitJob(0);
                return;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < ready)
            {
                await Task.Delay(250);
            }
        }
    }

    private static async Task Until(Func<Task<bool>> condition, DateTime deadline, Func<string> failure)
    {
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(failure());
            }

            await Task.Delay(250);
        }
    }

    /// <summary>The simulated rigs the miner registered (each its own miner).</summary>
    public int Rigs { get; private set; }

    /// <summary>The miner daemon's process, where the system was started with one (else null: the local miner is in this process).</summary>
    public MinerDaemon? Miner { get; private set; }

    /// <inheritdoc cref="JobTraffic.SubmitJob"/>
    public Task SubmitJob(long index) => _traffic.SubmitJob(index);

    /// <summary>The client the jobs are sent with (its sample of slow jobs).</summary>
    public JobTraffic Traffic => _traffic;

    /// <inheritdoc cref="JobTraffic.Health"/>
    public Task Health(long index) => _traffic.Health(index);

    public async ValueTask DisposeAsync()
    {
        _traffic.Dispose();
        if (Miner is not null)
        {
            await Miner.DisposeAsync();
        }

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
        _minerState?.Delete(recursive: true);
    }
}
