namespace Aitbc.Orleans.Gateway.Security;

/// <summary>
/// Role requirements for endpoints outside the gateway's own map, e.g. the silo's dashboard in production:
/// <c>app.MapOrleansDashboard(routePrefix: "/dashboard").RequireOperator();</c> (needs AddAitbcGateway's
/// authentication services and MapAitbcGateway's middleware).
/// </summary>
public static class EndpointConventionExtensions
{
    public static TBuilder RequireOperator<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(GatewayPolicies.Operator);

    public static TBuilder RequireSubmitter<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(GatewayPolicies.Submitter);

    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(GatewayPolicies.Authenticated);
}
