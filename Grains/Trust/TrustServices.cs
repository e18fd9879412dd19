using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aitbc.Orleans.Trust;

/// <summary>Registration of the silos' trust services.</summary>
public static class TrustServices
{
    /// <summary>Tokens, challenges, the CA and model grants: what the grains need (sign-in, registration checks).</summary>
    public static IServiceCollection AddAitbcTrustServices(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var options = services.AddOptions<TrustOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(TrustOptions.Section));
        }

        services.TryAddSingleton<ClusterTokens>();
        services.TryAddSingleton<ClusterAuthority>();
        services.TryAddSingleton<ModelReadGrants>();
        return services;
    }

    /// <summary>
    /// The authorization of every client call (and the marker on the silos' own calls). Every production and
    /// development silo runs it; only test fixtures that exercise grains directly leave it out.
    /// </summary>
    public static ISiloBuilder AddAitbcCallAuthorization(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddAitbcTrustServices();
        silo.Services.TryAddSingleton<CallerCache>();
        silo.AddOutgoingGrainCallFilter<InternalCallFilter>();
        silo.AddIncomingGrainCallFilter<CallAuthorizationFilter>();
        return silo;
    }
}
