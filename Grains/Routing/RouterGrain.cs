using Orleans.Concurrency;

namespace Aitbc.Orleans.Routing;

/// <summary>
/// The router as a grain, for callers outside the silos' grains (tools, tests, the routing benchmark's client row):
/// the decision is <see cref="FleetRouter"/>'s, on the silo this activation lives on. Grains call the router service
/// directly instead, which saves a request and a response per decision. Reentrant: a decision waiting on a
/// reservation does not hold up others.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class RouterGrain(FleetRouter router) : Grain, IRouterGrain
{
    public Task<RoutingDecision> Route(RoutingRequest request) => router.Route(request);
}
