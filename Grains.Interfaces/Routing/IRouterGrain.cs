namespace Aitbc.Orleans.Routing;

/// <summary>Stateless geo router: orders regions by RTT, asks them in parallel, scores, and reserves through the GPU grain.</summary>
[Alias("aitbc.IRouterGrain")]
public interface IRouterGrain : IGrainWithIntegerKey
{
    [Alias("Route")]
    Task<RoutingDecision> Route(RoutingRequest request);
}
