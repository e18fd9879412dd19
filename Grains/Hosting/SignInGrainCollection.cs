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
/// The collector's quantum is lowered to half that age at most: it deactivates a quantum's worth of grains at once, so
/// with Orleans' one minute a storm's sign-in grains went in a few bursts of tens of thousands, minutes after the storm,
/// while the fleet was already taking jobs; with a short quantum they go in small batches during the storm itself.
/// </summary>
public static class SignInGrainCollection
{
    public static IReadOnlyList<Type> GrainClasses { get; } =
        [typeof(ApiKeyGrain), typeof(MinerEnrollmentGrain), typeof(MinerStakeGrain), typeof(MinerAttestationGrain)];

    public static IServiceCollection AddSignInGrainCollection(this IServiceCollection services)
    {
        services.AddOptions<GrainCollectionOptions>().Configure<IOptions<FleetOptions>>((collection, fleet) =>
        {
            var idleAge = fleet.Value.SignInGrainIdleAge;
            foreach (var grainClass in GrainClasses)
            {
                collection.ClassSpecificCollectionAge[grainClass.FullName!] = idleAge;
            }

            // Orleans refuses an age that does not exceed the quantum; a quantum set lower elsewhere stays.
            if (idleAge / 2 < collection.CollectionQuantum)
            {
                collection.CollectionQuantum = idleAge / 2;
            }
        });
        return services;
    }
}
