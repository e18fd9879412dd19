using Orleans.Messaging;

namespace Aitbc.Orleans.Client.Clustering;

/// <summary>Silo gateways from configuration (Aitbc:SiloGateways): fixed addresses or DNS names, resolved on each refresh.</summary>
public sealed class ConfiguredGatewayListProvider(IReadOnlyList<(string Host, int Port)> endpoints, TimeSpan refresh) : IGatewayListProvider
{
    public TimeSpan MaxStaleness => refresh;

    [Obsolete("Orleans no longer reads it; every provider is updatable.")]
    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    public Task<IList<Uri>> GetGateways() => SiloGatewayEndpoints.ResolveAsync(endpoints);
}
