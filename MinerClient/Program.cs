using System.CommandLine;
using Aitbc.Orleans.Client.Security;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Miner.Benchmarking;
using Aitbc.Orleans.Miner.Cli;
using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Miner.Detection;
using Aitbc.Orleans.Miner.Hosting;
using Aitbc.Orleans.Miner.Identity;
using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Onnx.Building;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aitbc.Orleans.Miner;

/// <summary>The miner daemon's command line: run, detect, benchmark, enroll, stake, status.</summary>
public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var config = new Option<string?>("--config") { Description = "Path of the miner's JSON configuration (the installer writes /etc/aitbc-miner/miner.json)" };
        var simulate = new Option<int>("--simulate") { Description = "Register N simulated GPUs instead of the detected devices" };
        var delay = new Option<double?>("--synthetic-delay-ms") { Description = "With --simulate: answer jobs after this delay instead of running ONNX Runtime" };
        var coordinator = new Option<string?>("--coordinator") { Description = "'localhost' (development), or the cluster's HTTP gateway URL, which lists the live silos" };
        var gateway = new Option<string?>("--gateway") { Description = "The gateway's HTTP base address" };
        var batches = new Option<int[]>("--batch")
        {
            Description = "Batch sizes to measure (default 1 8 64 512; with --compare-bare 1 64 256 1024)", AllowMultipleArgumentsPerToken = true,
        };
        var iterations = new Option<int>("--iterations") { Description = "Timed runs per batch (with --compare-bare: at most)", DefaultValueFactory = _ => 20 };
        var device = new Option<string>("--device") { Description = "GPU provider to compare with the CPU", DefaultValueFactory = _ => ExecutionProviderSelector.Cuda };
        var modelName = new Option<string>("--model")
        {
            Description = "demo (16-32-4 MLP), mlp-2x512, mlp-4x1024 or mlp-8x4096; with --compare-bare also 'all' (demo, mlp-2x512, mlp-8x4096)",
        };
        var precision = new Option<string>("--precision") { Description = "fp32, or fp16 (the same weights in half precision)", DefaultValueFactory = _ => InferenceModel.Fp32 };
        var compareBare = new Option<bool>("--compare-bare") { Description = "Bare ONNX Runtime with IOBinding against the engine, side by side, on --device (falls back to the CPU)" };
        var concurrency = new Option<int[]>("--concurrency") { Description = "With --compare-bare: runs in flight for the throughput rows", DefaultValueFactory = _ => [1, 2], AllowMultipleArgumentsPerToken = true };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0: its default)" };
        var seconds = new Option<double>("--seconds") { Description = "With --compare-bare: time budget per model and batch", DefaultValueFactory = _ => 8 };
        var cudaGraphs = new Option<bool>("--cuda-graphs") { Description = "Capture and replay CUDA graphs for fixed shapes" };
        var noTf32 = new Option<bool>("--no-tf32") { Description = "Keep fp32 MatMuls off the TF32 tensor cores" };
        var ceiling = new Option<bool>("--ceiling") { Description = "With --compare-bare: also measure the matmul ceiling (one large MatMul, device-resident I/O)" };
        var ceilingSize = new Option<int>("--ceiling-size") { Description = "Side of the ceiling MatMul (0: 8192 on a GPU, 1024 on the CPU)" };

        var location = new Option<string?>("--location") { Description = "Where this rig is: LAT,LON in degrees, e.g. 50.11,8.68 (run refuses to start without a location)" };
        var city = new Option<string?>("--city") { Description = "Where this rig is, as a city of the world-cities table (NAME or NAME,CC), e.g. Frankfurt" };
        var run = new Command("run", "Connect to the cluster, register this rig's devices and serve jobs until stopped") { config, simulate, delay, coordinator, gateway, location, city };
        run.SetAction((r, ct) => Run(Overrides(r, config, coordinator, gateway, simulate, delay), r.GetValue(config), r.GetValue(location), r.GetValue(city), ct));

        var detect = new Command("detect", "List the GPUs of every vendor on this machine and the profile each maps to");
        detect.SetAction((_, ct) => Detect(ct));
        var polls = new Option<int>("--count") { Description = "Polls to print", DefaultValueFactory = _ => 3 };
        var every = new Option<double>("--interval") { Description = "Seconds between polls", DefaultValueFactory = _ => 5 };
        var noNvml = new Option<bool>("--no-nvml") { Description = "Poll nvidia-smi even where NVML loads" };
        var telemetry = new Command("telemetry", "Poll the detected devices' live readings as the daemon does, and print them with the CPU time polling cost")
        {
            polls, every, noNvml,
        };
        telemetry.SetAction((r, ct) => Telemetry(r.GetValue(polls), r.GetValue(every), !r.GetValue(noNvml), ct));

        var benchmark = new Command("benchmark", "Time a model on the CPU and the GPU per batch size and show the placement chosen, or compare the engine with bare ONNX Runtime")
        {
            batches, iterations, device, modelName, precision, compareBare, concurrency, threads, seconds, cudaGraphs, noTf32, ceiling, ceilingSize,
        };
        benchmark.SetAction((r, ct) =>
        {
            var cuda = new CudaProviderSettings { CudaGraphs = r.GetValue(cudaGraphs), UseTf32 = !r.GetValue(noTf32) };
            var chosen = r.GetValue(batches) is { Length: > 0 } given ? given : null;
            return r.GetValue(compareBare)
                ? CompareBare(new BareComparisonOptions
                {
                    Models = r.GetValue(modelName) is { } m && m != "all" ? [m] : BenchmarkModels.CompareDefaults,
                    Batches = chosen ?? [1, 64, 256, 1024],
                    Precision = r.GetValue(precision)!,
                    Concurrency = r.GetValue(concurrency)!,
                    Device = r.GetValue(device)!,
                    IntraOpThreads = r.GetValue(threads),
                    Cuda = cuda,
                    MaxIterations = r.GetValue(iterations),
                    SecondsPerBatch = r.GetValue(seconds),
                    Ceiling = r.GetValue(ceiling),
                    CeilingSize = r.GetValue(ceilingSize),
                }, args, ct)
                : Benchmark(chosen ?? [1, 8, 64, 512], r.GetValue(iterations), r.GetValue(device)!, r.GetValue(modelName) ?? "demo",
                    r.GetValue(precision)!, r.GetValue(threads), cuda, ct);
        });

        var enroll = new Command("enroll", "Create the miner key (once) and enroll it with the gateway (owner's API key in AITBC_API_KEY); stores the cluster certificate beside the key") { config, gateway };
        enroll.SetAction((r, ct) => Enroll(r.GetValue(config), Overrides(r, config, null, gateway, null, null), ct));

        var amount = new Option<decimal>("--amount") { Description = "How much to stake (or unstake)", Required = true };
        var unstake = new Option<bool>("--unstake") { Description = "Start the cool-down of that much stake instead" };
        var requestId = new Option<string?>("--request-id") { Description = "Makes a retried request move money once (default: a new id)" };
        var stake = new Command("stake", "Stake for this miner from the owner's account (owner's API key in AITBC_API_KEY); stake is needed per GPU") { config, gateway, amount, unstake, requestId };
        stake.SetAction((r, ct) => Stake(r.GetValue(config), Overrides(r, config, null, gateway, null, null), r.GetValue(amount), r.GetValue(unstake), r.GetValue(requestId), ct));

        var status = new Command("status", "Show the identity, configuration, model cache and cluster view of this miner") { config, coordinator };
        status.SetAction((r, ct) => Status(r.GetValue(config), Overrides(r, config, coordinator, null, null, null), ct));

        var path = new Argument<string>("path") { Description = "Where to write the ONNX file" };
        var export = new Command("export-demo-model", "Write the built-in demo model (the one the development silo registers), or a benchmark model, to a file")
        {
            path, modelName, precision,
        };
        export.SetAction(r =>
        {
            var model = BenchmarkModels.Create(r.GetValue(modelName) ?? "demo", r.GetValue(precision)!);
            File.WriteAllBytes(r.GetValue(path)!, model.Bytes);
            Console.WriteLine($"{model.Name} {model.Precision}: {model.Bytes.Length} bytes, sha256 {Miner.Models.ModelHashing.Sha256Hex(model.Bytes)}");
            return 0;
        });

        var root = new RootCommand("Aitbc miner daemon") { run, detect, telemetry, benchmark, enroll, stake, status, export };
        // The daemon handles SIGTERM itself (DrainingLifetime drains before stopping); System.CommandLine's own handler
        // would end the process two seconds after the signal, killing a job mid-run.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    private static Dictionary<string, string?> Overrides(
        ParseResult r, Option<string?> config, Option<string?>? coordinator, Option<string?>? gateway, Option<int>? simulate, Option<double?>? delay)
    {
        var values = new Dictionary<string, string?>();
        if (coordinator is not null && r.GetValue(coordinator) is { } c)
        {
            values["Coordinator"] = c;
        }

        if (gateway is not null && r.GetValue(gateway) is { } g)
        {
            values["GatewayUrl"] = g;
        }

        if (simulate is not null && r.GetValue(simulate) is > 0 and var n)
        {
            values["Simulate"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (delay is not null && r.GetValue(delay) is { } d)
        {
            values["SyntheticDelayMs"] = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return values;
    }

    private static async Task<int> Run(Dictionary<string, string?> overrides, string? configFile, string? location, string? city, CancellationToken ct)
    {
        var configuration = MinerConfiguration.Build(configFile, overrides);
        var options = new MinerOptions();
        configuration.Bind(options);
        // Simulated GPUs take their places from the world-cities table; a real rig must say where it is.
        if (options.Simulate == 0)
        {
            var (place, error) = MinerLocationResolver.Resolve(location, city, options.Location, options.City, TimeZoneInfo.Local.Id);
            if (place is null)
            {
                await Console.Error.WriteLineAsync($"error: {error}");
                return 2;
            }

            overrides["Location:Latitude"] = place.Latitude.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            overrides["Location:Longitude"] = place.Longitude.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            configuration = MinerConfiguration.Build(configFile, overrides);
            configuration.Bind(options);
            Console.Error.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"location {place.Latitude:0.####},{place.Longitude:0.####}{(city is null ? "" : $" ({city})")}"));
        }
        if (await EnsureEnrolled(options, ct) is { } refused)
        {
            return refused;
        }

        // Enrolment may have just written the credential the gateway list needs.
        configuration = MinerConfiguration.Build(configFile, overrides);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.UseOrleansClient(client => client.UseAitbcCluster(configuration, MinerCredential));
        builder.Services.AddSingleton<IClientConnectionRetryFilter, ReconnectingRetryFilter>();
        builder.Services.AddAitbcMiner(configuration);
        builder.Services.AddSingleton<RigSessions>();
        if (OperatingSystem.IsWindows() && Microsoft.Extensions.Hosting.WindowsServices.WindowsServiceHelpers.IsWindowsService())
        {
            // Started by the service control manager (install.ps1): its stop request drains the miner the same way.
            builder.Services.AddWindowsService(o => o.ServiceName = "aitbc-miner");
        }
        else
        {
            builder.Services.AddSingleton<IHostLifetime, DrainingLifetime>();
        }
        if (!MinerConfiguration.IsProduction(options))
        {
            builder.Services.AddSingleton<IEnrollmentRenewal, DevelopmentEnrollment>();
        }
        var drain = TimeSpan.FromSeconds(configuration.GetValue("DrainTimeoutSeconds", 120.0));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = drain + TimeSpan.FromSeconds(30));
        using var host = builder.Build();
        await host.RunAsync(ct);
        return 0;
    }

    private static async Task<int> Detect(CancellationToken ct)
    {
        var service = GpuDetectionService.CreateDefault(new SystemProcessRunner(), new PhysicalSystemFileReader(), NullLogger<GpuDetectionService>.Instance);
        var classifier = GpuClassifier.Default;
        foreach (var d in await service.DetectAsync(ct))
        {
            var c = classifier.Classify(d.Name, d.MemoryMb, DeviceInventory.ToProfileVendor(d.Vendor));
            Console.WriteLine($"{d.Vendor,-7} {d.Name} ({d.MemoryMb} MB{(d.UnifiedMemory ? ", unified" : "")}) via {d.Source}");
            Console.WriteLine($"        id {d.StableId}; provider {d.ExecutionProviderHint}; profile {(c.IsKnown ? c.Profile.Name : "unknown (generic profile)")}" +
                $"; edge suitability {classifier.EdgeSuitability(c.Profile):F2}");
        }

        return 0;
    }

    private static async Task<int> Telemetry(int count, double intervalSeconds, bool useNvml, CancellationToken ct)
    {
        var runner = new SystemProcessRunner();
        var files = new PhysicalSystemFileReader();
        var devices = await GpuDetectionService.CreateDefault(runner, files, NullLogger<GpuDetectionService>.Instance).DetectAsync(ct);
        var sources = Miner.Telemetry.TelemetrySources.CreateDefault(runner, files, useNvml);
        await using var monitor = new Miner.Telemetry.TelemetryMonitor(sources,
            new Miner.Telemetry.ThermalGuard(Fleet.Thermal.ThermalThresholds.Default, NullLogger<Miner.Telemetry.ThermalGuard>.Instance),
            TimeSpan.FromSeconds(intervalSeconds), NullLogger<Miner.Telemetry.TelemetryMonitor>.Instance);
        foreach (var d in devices)
        {
            monitor.Track(d.StableId, d);
            var source = sources.TryGetValue(d.Vendor, out var s) ? s.Name : "none";
            Console.WriteLine($"{d.StableId}: {d.Name} ({d.Vendor}), read by {source}");
        }

        for (var i = 0; i < count; i++)
        {
            var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            await monitor.PollAsync(ct);
            var spent = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
            foreach (var d in devices)
            {
                var t = monitor.Telemetry(d.StableId);
                Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"  {d.StableId}: {Show(t.TemperatureC, "°C")} {Show(t.PowerWatts, "W")} {Show(t.UtilisationPercent, "%")} " +
                    $"{Show(t.MemoryUsedMb, "MB used")} {Show(t.GraphicsClockMhz, "MHz")} {Show(t.MemoryClockMhz, "MHz mem")}; state {monitor.Guard.StateOf(d.StableId)}"));
            }

            Console.WriteLine($"poll {i + 1}: {spent.TotalMilliseconds:0.0} ms CPU in this process (tools it ran not included)");
            if (i + 1 < count)
            {
                await Task.Delay(TimeSpan.FromSeconds(intervalSeconds), ct);
            }
        }

        return 0;

        static string Show<T>(T? value, string unit) where T : struct =>
            value is { } v ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{v:0.#} {unit}") : $"? {unit}";
    }

    private static async Task<int> Benchmark(
        int[] batches, int iterations, string device, string modelName, string precision, int threads, CudaProviderSettings cuda, CancellationToken ct)
    {
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        var selector = new ExecutionProviderSelector(loggers.CreateLogger<ExecutionProviderSelector>());
        using var cpu = new InferenceEngine(
            new InferenceEngineOptions { DeviceHint = ExecutionProviderSelector.Cpu, IntraOpThreads = threads }, selector, loggers.CreateLogger<InferenceEngine>());
        using var gpu = ExecutionProviderSelector.Normalize(device) == ExecutionProviderSelector.Cpu ? null : new InferenceEngine(
            new InferenceEngineOptions { DeviceHint = device, IntraOpThreads = threads, Cuda = cuda }, selector, loggers.CreateLogger<InferenceEngine>());
        // Each precision named (--precision fp32,fp16) is a variant: placement measures them all and takes the fastest.
        var variants = precision.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => BenchmarkModels.Create(modelName, p)).ToList();
        foreach (var variant in variants)
        {
            Console.WriteLine($"Model {variant}, sha256 {Miner.Models.ModelHashing.Sha256Hex(variant.Bytes)[..16]}: {variant.InputWidth} -> {variant.OutputWidth}");
        }

        Console.WriteLine(gpu is null ? "Measuring the CPU only"
            : !gpu.Selection.IsCpu ? $"{device}: loaded"
            : $"{device}: not available ({gpu.Selection.FallbackReason}); measuring the CPU only");
        var table = await new PlacementBenchmark(loggers.CreateLogger<PlacementBenchmark>()).RunAsync(
            variants.Select(v => InferenceModel.FromBytes(v.Bytes, v.Precision)).ToList(), cpu, gpu,
            new PlacementBenchmarkOptions { BatchSizes = batches, Iterations = iterations }, ct);
        Console.WriteLine(table.Format());
        return 0;
    }

    private static async Task<int> CompareBare(BareComparisonOptions options, string[] args, CancellationToken ct)
    {
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        }).SetMinimumLevel(LogLevel.Information));
        var started = DateTimeOffset.UtcNow;
        var loadBefore = LoadAverage();
        var report = await new BareComparison(new ExecutionProviderSelector(loggers.CreateLogger<ExecutionProviderSelector>()), loggers).RunAsync(options, ct);
        Console.WriteLine();
        Console.WriteLine($"## {started:yyyy-MM-dd HH:mm} UTC: engine against bare ONNX Runtime ({report.Selection.Provider}, {options.Precision})");
        Console.WriteLine();
        Console.WriteLine($"- Machine: {Environment.ProcessorCount} cores, {CpuModel()}; ONNX Runtime {Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetVersionString()}, .NET {Environment.Version}");
        Console.WriteLine($"- Load average (1/5/15 min) at start: {loadBefore}; at end: {LoadAverage()}; wall time {(DateTimeOffset.UtcNow - started).TotalSeconds:F0} s");
        Console.WriteLine($"- Command: `MinerClient {string.Join(' ', args)}`");
        Console.WriteLine();
        Console.Write(report.Format());
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();

    private static async Task<int> Enroll(string? configFile, Dictionary<string, string?> overrides, CancellationToken ct)
    {
        var options = new MinerOptions();
        MinerConfiguration.Build(configFile, overrides).Bind(options);
        using var identity = MinerIdentity.LoadOrCreate(options.KeyPath);
        Console.WriteLine($"Miner key {options.KeyPath} (fingerprint {identity.Fingerprint[..16]})");
        return await EnrollmentClient.EnrollAsync(options, identity, Environment.GetEnvironmentVariable("AITBC_API_KEY"), Console.Out, ct);
    }

    private static async Task<int> Stake(string? configFile, Dictionary<string, string?> overrides, decimal amount, bool unstake, string? requestId, CancellationToken ct)
    {
        var options = new MinerOptions();
        MinerConfiguration.Build(configFile, overrides).Bind(options);
        using var identity = MinerIdentity.LoadOrCreate(options.KeyPath);
        var minerId = options.MinerId ?? MinerAgent.DefaultMinerId(identity);
        return await StakeClient.RunAsync(options, minerId, amount, unstake, requestId, Environment.GetEnvironmentVariable("AITBC_API_KEY"), Console.Out, ct);
    }

    /// <summary>
    /// Production: the daemon must have enrolled (it needs its certificate). Development: it enrols itself once with
    /// the documented development key, so that `MinerClient run` against `dotnet run --project Silo` just works.
    /// </summary>
    private static async Task<int?> EnsureEnrolled(MinerOptions options, CancellationToken ct)
    {
        if (MinerConfiguration.IsProduction(options))
        {
            if (File.Exists(options.CertificatePath) && File.Exists(options.EnrollmentPath))
            {
                return null;
            }

            await Console.Error.WriteLineAsync($"Not enrolled: run `MinerClient enroll --gateway {options.Coordinator}` with the owner's key in AITBC_API_KEY first");
            return 2;
        }

        if (File.Exists(options.EnrollmentPath))
        {
            return null;
        }

        // A rig may start before the development silo: keep trying, as the daemon does for the cluster itself.
        using var identity = MinerIdentity.LoadOrCreate(options.KeyPath);
        var backoff = TimeSpan.FromSeconds(1);
        while (true)
        {
            var enrolled = await EnrollmentClient.EnrollAsync(options, identity, Environment.GetEnvironmentVariable("AITBC_API_KEY") ?? DevelopmentEnrollment.DevelopmentKey, Console.Out, ct);
            if (enrolled != EnrollmentClient.Unreachable)
            {
                return enrolled == 0 ? null : enrolled;
            }

            await Task.Delay(backoff, ct);
            backoff = TimeSpan.FromSeconds(Math.Min(30, backoff.TotalSeconds * 2));
        }
    }

    private static ISignInCredential MinerCredential(IServiceProvider services)
    {
        var identity = services.GetRequiredService<MinerIdentity>();
        var options = services.GetRequiredService<MinerOptions>();
        return new MinerKeyCredential(options.MinerId ?? MinerAgent.DefaultMinerId(identity), identity.Sign);
    }

    private static async Task<int> Status(string? configFile, Dictionary<string, string?> overrides, CancellationToken ct)
    {
        var configuration = MinerConfiguration.Build(configFile, overrides);
        var options = new MinerOptions();
        configuration.Bind(options);
        var identity = MinerIdentity.LoadOrCreate(options.KeyPath);
        var minerId = options.MinerId ?? MinerAgent.DefaultMinerId(identity);
        Console.WriteLine($"Miner {minerId}, key {options.KeyPath}, coordinator {(MinerConfiguration.IsProduction(options) ? options.Coordinator : "localhost (development)")}");
        Console.WriteLine($"Model cache {options.ModelCacheDirectory}: {(Directory.Exists(options.ModelCacheDirectory) ? Directory.GetFiles(options.ModelCacheDirectory, "*.onnx").Length : 0)} model(s)");

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(identity);
        builder.Services.AddSingleton(options);
        builder.UseOrleansClient(client => client.UseAitbcCluster(configuration, MinerCredential));
        using var host = builder.Build();
        try
        {
            await host.StartAsync(ct).WaitAsync(TimeSpan.FromSeconds(15), ct);
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var snapshot = await grains.Grain<IMinerGrain>(minerId).GetSnapshot();
            Console.WriteLine(snapshot is null
                ? "Cluster reachable; this miner has not registered yet"
                : $"Cluster reachable; online={snapshot.Online}, GPUs={snapshot.GpuIds.Count}, last heartbeat {snapshot.LastHeartbeat:O}, reconnects {snapshot.Reconnects}");
            await host.StopAsync(ct);
            return 0;
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException or OperationCanceledException
            or Aitbc.Orleans.Access.MinerNotEnrolledException or Aitbc.Orleans.Trust.SignInRefusedException or Aitbc.Orleans.Trust.CallDeniedException)
        {
            Console.WriteLine($"Cluster not reachable: {ex.Message}");
            return 1;
        }
    }
}
