using Scalar.AspNetCore;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>
/// /docs: the API reference (Scalar, served with its script from the package, no CDN) rendering /openapi/v1.json, where a
/// user can try calls with their key (X-Api-Key).
/// </summary>
public static class DocsEndpoints
{
    public static IEndpointRouteBuilder MapDocsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("AITBC Gateway API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddPreferredSecuritySchemes(Hosting.GatewayOpenApi.ApiKeyScheme)
            .AddApiKeyAuthentication(Hosting.GatewayOpenApi.ApiKeyScheme, scheme => scheme.WithName(Security.ApiKeyAuthenticationHandler.HeaderName)));
        return app;
    }
}
