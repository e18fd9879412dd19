using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// A one-silo cluster whose activation collector looks every second and whose sign-in grains idle out after 10 s, so a
/// test can watch them go (every other grain keeps Orleans' default age), with a directory cache entry lifetime of 2 s.
/// </summary>
public sealed class SignInCollectionClusterFixture : ClusterFixture
{
    /// <summary>Long enough that a CI machine's stall between a call and the count that follows it does not collect the grain first.</summary>
    public static readonly TimeSpan IdleAge = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan CacheEntryTtl = TimeSpan.FromSeconds(2);

    /// <summary>One silo, so a test reads its options and counts its activations in one place.</summary>
    protected override short Silos => 1;

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        silo.Configure<GrainCollectionOptions>(o => o.CollectionQuantum = TimeSpan.FromSeconds(1));
        silo.Services.Configure<Aitbc.Orleans.Fleet.FleetOptions>(o => o.SignInGrainIdleAge = IdleAge);
        silo.Services.Configure<Aitbc.Orleans.Hosting.DirectoryCacheOptions>(o => o.EntryTtl = CacheEntryTtl);
    }
}
