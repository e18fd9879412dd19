namespace Aitbc.Orleans.Routing;

/// <summary>Stateless geo router: searches the silo's fleet snapshot, scores, and reserves through the GPU's row.</summary>
[Alias("aitbc.IRouterGrain")]
public interface IRouterGrain : IGrainWithIntegerKey
{
    [Alias("Route")]
    Task<RoutingDecision> Route(RoutingRequest request);
}
