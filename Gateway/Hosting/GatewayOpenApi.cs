using Aitbc.Orleans.Gateway.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Aitbc.Orleans.Gateway.Hosting;

/// <summary>The OpenAPI document (/openapi/v1.json): title, how to authenticate, and the API key scheme.</summary>
public static class GatewayOpenApi
{
    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "AITBC Gateway",
                Version = "v1",
                Description = "Quote, submit and watch ONNX inference jobs on a marketplace of consumer and edge GPUs. " +
                              "Authenticate with 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'. Reference page: /docs.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key as a bearer token.",
            };
            document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "The same API key in the X-Api-Key header.",
            };
            return Task.CompletedTask;
        }));
}
