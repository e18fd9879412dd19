using Aitbc.Orleans.Miner.Attestation;
using Aitbc.Orleans.Miner.Cli;
using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Miner.Detection;
using Aitbc.Orleans.Miner.Identity;
using Aitbc.Orleans.Miner.Inference;
using Aitbc.Orleans.Miner.Models;
using Aitbc.Orleans.Miner.Simulation;
using Aitbc.Orleans.Miner.Telemetry;
using Microsoft.Extensions.Configuration;
using Aitbc.Orleans.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Hosting;

/// <summary>
/// Registers the miner daemon. The miner process runs it over an Orleans client; the development silo runs the same
/// services in-process over the silo's own grain factory, as the "local miner".
/// </summary>
public static class MinerHosting
{
    public static IServiceCollection AddAitbcMiner(this IServiceCollection services, IConfiguration configuration, Action<MinerOptions>? configure = null)
    {
        var options = new MinerOptions();
        configuration.Bind(options);
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.AddSingleton(sp => MinerIdentity.LoadOrCreate(options.KeyPath, sp.GetRequiredService<ILogger<MinerIdentity>>()));
        services.AddSingleton(sp => new ResultSigner(sp.GetRequiredService<MinerIdentity>()));
        services.AddSingleton(sp => new ExecutionProviderSelector(sp.GetRequiredService<ILogger<ExecutionProviderSelector>>()));
        // Output cap, session memory budget, CUDA provider settings, ...: shared by every device's engine.
        var engine = new InferenceEngineOptions();
        configuration.GetSection("Engine").Bind(engine);
        services.AddSingleton(engine);
        services.AddSingleton(sp => new InferenceEngine(
            engine.ForDevice(ExecutionProviderSelector.Cpu, 0, options.Concurrency),
            sp.GetRequiredService<ExecutionProviderSelector>(), sp.GetRequiredService<ILogger<InferenceEngine>>()));
        services.AddSingleton<PlacementBenchmark>();
        services.AddSingleton<PlacementAdvisor>();
        services.AddSingleton<IProcessRunner, SystemProcessRunner>();
        services.AddSingleton<ISystemFileReader, PhysicalSystemFileReader>();
        services.AddSingleton(sp => GpuDetectionService.CreateDefault(
            sp.GetRequiredService<IProcessRunner>(), sp.GetRequiredService<ISystemFileReader>(), sp.GetRequiredService<ILogger<GpuDetectionService>>()));
        services.AddSingleton<BandwidthMeter>();
        var gatewayHttp = DownloadClient(options);
        services.AddSingleton(sp => new ModelCache(
            new ModelCacheOptions { Directory = options.ModelCacheDirectory, MaxBytes = options.CacheMaxBytes },
            new ModelDownloader(gatewayHttp, sp.GetRequiredService<ILogger<ModelDownloader>>(), bandwidth: sp.GetRequiredService<BandwidthMeter>()),
            sp.GetRequiredService<ILogger<ModelCache>>()));
        services.AddSingleton<ModelProvider>();
        services.TryAddSingleton<ModelInfoCache>();
        services.AddSingleton(sp => new ThermalGuard(options.Thermal.ToThresholds(), sp.GetRequiredService<ILogger<ThermalGuard>>()));
        services.AddSingleton(sp => new TelemetryMonitor(
            TelemetrySources.CreateDefault(sp.GetRequiredService<IProcessRunner>(), sp.GetRequiredService<ISystemFileReader>(), options.UseNvml),
            sp.GetRequiredService<ThermalGuard>(), options.TelemetryInterval, sp.GetRequiredService<ILogger<TelemetryMonitor>>()));
        if (Uri.TryCreate(options.GatewayUrl, UriKind.Absolute, out var gateway))
        {
            services.AddSingleton(sp => new BandwidthProbe(
                gatewayHttp, gateway, sp.GetRequiredService<BandwidthMeter>(), sp.GetRequiredService<ILogger<BandwidthProbe>>()));
        }

        services.AddSingleton<JobRunner>();
        services.TryAddSingleton<IRigEnrollment>(_ => new GatewayRigEnrollment(options));
        services.AddSingleton(sp => new SimulatedRigs(
            options, sp.GetRequiredService<MinerIdentity>(), sp.GetRequiredService<IRigEnrollment>(),
            sp.GetRequiredService<ILogger<SimulatedRigs>>(), sp.GetService<RigSessions>()));
        services.AddSingleton<DeviceInventory>();
        services.TryAddSingleton(_ => new DaemonMeasurement());
        services.AddSingleton(sp => new RigAttestation(
            sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<DaemonMeasurement>(), options, sp.GetRequiredService<ILogger<RigAttestation>>()));
        services.AddSingleton<MinerAgent>();
        services.AddHostedService(sp => sp.GetRequiredService<MinerAgent>());
        return services;
    }

    /// <summary>Model downloads carry the miner's own API key: the gateway serves a miner only the models of its assigned jobs.</summary>
    private static HttpClient DownloadClient(MinerOptions options)
    {
        var http = new HttpClient();
        if (MinerConfiguration.Credential(options) is { Length: > 0 } credential)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", credential);
        }

        return http;
    }
}
