using Aitbc.Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>
/// In-memory grain storage for the development silo and the benchmarks (<see cref="LocalGrainStorage"/>: this silo's
/// memory, serialised with the Orleans serializer as production's PostgreSQL storage is), behind the same
/// <see cref="GuardedGrainStorage"/>. The test clusters of several silos use Orleans' in-memory provider or a shared store.
/// </summary>
public static class MemoryGrainStorage
{
    public static ISiloBuilder AddAitbcMemoryGrainStorage(this ISiloBuilder silo, string name)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var inner = $"{name}.inner";
        silo.Services.AddGrainStorage(inner, (sp, _) => new LocalGrainStorage(sp.GetRequiredService<Serializer>()));
        silo.Services.AddGuardedGrainStorage(name, inner);
        return silo;
    }

    /// <summary>Registers <paramref name="name"/> as the guard over the provider already registered as <paramref name="inner"/>.</summary>
    public static IServiceCollection AddGuardedGrainStorage(this IServiceCollection services, string name, string inner) =>
        services.AddGrainStorage(name, (sp, _) => new GuardedGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>(inner)));
}
