using Aitbc.Orleans.Attestation;
using Aitbc.Orleans.Blobs;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Deltas;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Fleet.Rows;
using Aitbc.Orleans.Hosting.Memory;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Pricing;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Routing.Snapshot;
using Aitbc.Orleans.Staking;
using Aitbc.Orleans.Trust;
using Aitbc.Orleans.Verification;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Aitbc.Orleans.Hosting;

/// <summary>Services the grains need, with options bound from configuration sections under "Aitbc".</summary>
public static class AitbcGrainServices
{
    public static IServiceCollection AddAitbcGrainServices(this IServiceCollection services, IConfiguration? configuration = null)
    {
        services.TryAddSingleton(DomainTime.Real);
        services.TryAddSingleton(GpuProfileCatalog.Default);
        services.TryAddSingleton(sp => new GpuClassifier(sp.GetRequiredService<GpuProfileCatalog>()));
        services.TryAddSingleton<SlashingService>();
        services.TryAddSingleton<ModelInfoCache>();
        services.TryAddSingleton<VariantBuildQueue>();
        services.TryAddSingleton<ModelVariantsCache>();
        services.TryAddSingleton<ResultVerifier>();
        services.TryAddSingleton<TensorVault>();
        services.TryAddSingleton<VerificationSampler>();
        services.TryAddSingleton<MarketPricer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAttestationVerifier, SoftwareAttestationVerifier>());

        // Development and tests keep tensors in a directory; production replaces this with PostgresBlobStore.
        services.TryAddSingleton<IBlobStore>(sp => new DirectoryBlobStore(
            sp.GetRequiredService<IOptions<BlobStoreOptions>>().Value.Directory ?? Path.Combine(Path.GetTempPath(), "aitbc-blobs")));
        services.AddHostedService<BlobRetention>();
        services.AddHostedService<IdleMemoryTrim>();
        services.AddSingleton<IIncomingGrainCallFilter, StorageFailureFilter>();
        services.AddSingleton<ShardLivenessWatch>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ShardLivenessWatch>());
        if (!services.Any(s => s.ServiceType == typeof(FleetSnapshotSync)))
        {
            // One routing snapshot per silo, kept current by the sync while the silo is active.
            services.AddSingleton<FleetSnapshot>();
            services.AddSingleton<FleetSnapshotSync>();
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<FleetSnapshotSync>());
            services.AddSingleton<FleetRouter>();

            // Regions do not store their index; a restarted region is sent its GPUs again by the shards on each silo.
            services.AddSingleton<RegionIndexRebuild>();
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<RegionIndexRebuild>());
            services.AddSingleton<RegionDeltaBatcher>();
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<RegionDeltaBatcher>());
        }

        services.AddAitbcTrustServices(configuration);
        services.AddSignInGrainCollection();
        services.AddOptions<GrainDirectoryOptions>().Configure<IOptions<DirectoryCacheOptions>>((directory, cache) => directory.MaximumCacheTTL = cache.Value.EntryTtl);
        Bind<FleetOptions>(services, configuration, "Aitbc:Fleet");
        Bind<SlashingOptions>(services, configuration, "Aitbc:Slashing");
        Bind<EscrowOptions>(services, configuration, "Aitbc:Escrow");
        Bind<PricingOptions>(services, configuration, "Aitbc:Pricing");
        Bind<RoutingOptions>(services, configuration, "Aitbc:Routing");
        Bind<JobOptions>(services, configuration, "Aitbc:Jobs");
        Bind<LedgerOptions>(services, configuration, "Aitbc:Ledger");
        Bind<BlobStoreOptions>(services, configuration, "Aitbc:Blobs");
        Bind<StakingOptions>(services, configuration, "Aitbc:Staking");
        Bind<VerificationOptions>(services, configuration, "Aitbc:Verification");
        Bind<ModelVariantBuildOptions>(services, configuration, "Aitbc:Models");
        Bind<AttestationOptions>(services, configuration, "Aitbc:Attestation");
        Bind<IdleMemoryTrimOptions>(services, configuration, "Aitbc:MemoryTrim");
        Bind<DirectoryCacheOptions>(services, configuration, "Aitbc:DirectoryCache");
        return services;
    }

    private static void Bind<T>(IServiceCollection services, IConfiguration? configuration, string section)
        where T : class
    {
        var builder = services.AddOptions<T>();
        if (configuration is not null)
        {
            builder.Bind(configuration.GetSection(section));
        }
    }
}
