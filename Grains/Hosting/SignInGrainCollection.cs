using Aitbc.Orleans.Access;
using Aitbc.Orleans.Attestation;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Staking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Aitbc.Orleans.Hosting;

/// <summary>
/// Grains a rig calls when it signs in, enrols, stakes or attests, and rarely after: its API key, enrolment, stake and
/// attestation. They are deactivated <see cref="FleetOptions.SignInGrainIdleAge"/> after their last call instead of
/// Orleans' 15 minutes. Orleans walks every activation (the dashboard's activation gauge and the directory cache's size
/// each second, the working-set scan), so after a reconnect storm of 22k rigs these 89k idle activations cost CPU and
/// memory on every silo for a quarter of an hour. The next sign-in reads the grain's state again.
/// </summary>
public static class SignInGrainCollection
{
    public static IReadOnlyList<Type> GrainClasses { get; } =
        [typeof(ApiKeyGrain), typeof(MinerEnrollmentGrain), typeof(MinerStakeGrain), typeof(MinerAttestationGrain)];

    public static IServiceCollection AddSignInGrainCollection(this IServiceCollection services)
    {
        services.AddOptions<GrainCollectionOptions>().Configure<IOptions<FleetOptions>>((collection, fleet) =>
        {
            foreach (var grainClass in GrainClasses)
            {
                collection.ClassSpecificCollectionAge[grainClass.FullName!] = fleet.Value.SignInGrainIdleAge;
            }
        });
        return services;
    }
}
