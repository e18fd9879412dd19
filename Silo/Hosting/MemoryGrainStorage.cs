using Aitbc.Orleans.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>
/// In-memory grain storage for development, the test clusters and the benchmarks, serialised with the Orleans
/// serializer as production's PostgreSQL storage is (the in-memory default is Newtonsoft JSON, several times slower per
/// write and unable to round-trip some state types), behind the same <see cref="GuardedGrainStorage"/>.
/// </summary>
public static class MemoryGrainStorage
{
    public static ISiloBuilder AddAitbcMemoryGrainStorage(this ISiloBuilder silo, string name)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var inner = $"{name}.inner";
        silo.AddMemoryGrainStorage(inner, (OptionsBuilder<MemoryGrainStorageOptions> options) =>
            options.Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new PooledGrainStorageSerializer(serializer)));
        silo.Services.AddGuardedGrainStorage(name, inner);
        return silo;
    }

    /// <summary>Registers <paramref name="name"/> as the guard over the provider already registered as <paramref name="inner"/>.</summary>
    public static IServiceCollection AddGuardedGrainStorage(this IServiceCollection services, string name, string inner) =>
        services.AddGrainStorage(name, (sp, _) => new GuardedGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>(inner)));
}
