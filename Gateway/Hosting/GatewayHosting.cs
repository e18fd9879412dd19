using Aitbc.Orleans.Access;
using Aitbc.Orleans.Gateway.Bookings;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Gateway.Caching;
using Aitbc.Orleans.Gateway.Dashboards;
using Aitbc.Orleans.Gateway.Http;
using Aitbc.Orleans.Gateway.Jobs;
using Aitbc.Orleans.Gateway.Models;
using Aitbc.Orleans.Gateway.Rpc;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Pricing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aitbc.Orleans.Gateway.Hosting;

/// <summary>
/// Registers and maps the job submitters' API: JSON under /v1 (OpenAPI at /openapi/v1.json, reference at /docs)
/// and gRPC (aitbc.v1.Jobs) on the same host. The silo co-hosts it in development; production runs Gateway alone as
/// an Orleans client. Needs an IGrainFactory in the container (the silo's or the client's).
/// gRPC needs HTTP/2: Kestrel's default (Http1AndHttp2) gives it over TLS (ALPN); on plain http Kestrel cannot tell
/// HTTP/2 from HTTP/1.1 on one endpoint, so give gRPC its own endpoint with Protocols = Http2 (h2c, see
/// Gateway/appsettings.json: Kestrel:Endpoints).
/// </summary>
public static class GatewayHosting
{
    public static WebApplicationBuilder AddAitbcGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.Section));
        services.AddOptions<PricingOptions>().Bind(configuration.GetSection("Aitbc:Pricing"));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(GpuProfileCatalog.Default);
        services.TryAddSingleton(sp => new GpuClassifier(sp.GetRequiredService<GpuProfileCatalog>()));
        services.TryAddSingleton<ModelInfoCache>();
        services.AddSingleton<JobService>();
        services.AddSingleton<SubmissionAdmission>();
        services.AddSingleton<SchedulingLagProbe>();
        services.AddHostedService<SchedulingLagSampler>();
        services.AddSingleton<BookingService>();
        services.AddSingleton<ModelService>();
        services.AddSingleton<AccessService>();
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section));

        services.AddProblemDetails();
        services.AddExceptionHandler<GatewayExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => GatewayJson.ConfigureResponses(o.SerializerOptions));
        services.AddGatewayOpenApi();
        services.AddGatewayRateLimiting();

        builder.AddAitbcApiKeys();

        services.AddGrpc(o =>
        {
            o.Interceptors.Add<RpcExceptionInterceptor>();
            // Without this gRPC maps catch-all "{service}/{method}" routes that would answer /v1/... mismatches with 404.
            o.IgnoreUnknownServices = true;
            o.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, configuration.GetValue(
                $"{GatewayOptions.Section}:{nameof(GatewayOptions.MaxRequestBodyBytes)}", new GatewayOptions().MaxRequestBodyBytes));
        });

        return builder;
    }

    /// <summary>
    /// API key authentication and the role policies alone, for hosts that protect endpoints (the silo's dashboard
    /// with <see cref="EndpointConventionExtensions.RequireOperator{TBuilder}"/>) without serving the gateway.
    /// AddAitbcGateway calls it; calling both is fine.
    /// </summary>
    public static WebApplicationBuilder AddAitbcApiKeys(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(ApiKeyAuthenticationHandler)))
        {
            return builder;
        }

        services.AddProblemDetails();
        services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.Section));
        services.TryAddSingleton<ApiKeyCache>();
        var development = GatewayEnvironment.IsDevelopment(builder.Environment, builder.Configuration);
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationHandler.SchemeName, o => o.AcceptDevelopmentKey = development);
        services.AddAuthorizationBuilder()
            .AddPolicy(GatewayPolicies.Authenticated, p => p.RequireAuthenticatedUser())
            .AddPolicy(GatewayPolicies.Submitter, p => p.RequireRole(AccessRoles.Submitter))
            .AddPolicy(GatewayPolicies.Operator, p => p.RequireRole(AccessRoles.Operator))
            .AddPolicy(GatewayPolicies.AccountHolder, p => p.RequireRole(AccessRoles.Submitter, AccessRoles.Operator));
        return builder;
    }

    /// <summary>The authentication and authorization middleware, once, wherever it is called first.</summary>
    public static WebApplication UseAitbcApiKeys(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        const string marker = "aitbc.api-keys";
        if (((IApplicationBuilder)app).Properties.TryAdd(marker, true))
        {
            app.UseAuthentication();
            app.UseMiddleware<OperatorSessionMiddleware>();
            app.UseAuthorization();
        }

        return app;
    }

    public static WebApplication MapAitbcGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Order matters: problems for every failure, body limits before anything reads a body, whether this gateway
        // has room for another job submission (before authentication: a refusal must be cheap), then who is calling,
        // what they may do, and how often.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<SubmissionAdmissionMiddleware>();
        app.UseAitbcApiKeys();
        app.UseRateLimiter();

        app.MapOpenApi();
        app.MapDocsEndpoints();
        var v1 = app.MapGroup("/v1").RequireRateLimiting(GatewayRateLimiting.PerKeyPolicy).WithTags("v1");
        v1.MapJobEndpoints();
        v1.MapPrivateJobEndpoints();
        v1.MapModelEndpoints();
        v1.MapDeploymentEndpoints();
        v1.MapFleetEndpoints();
        v1.MapIntegrityEndpoints();
        v1.MapProfileEndpoints();
        v1.MapMinerEndpoints();
        v1.MapAttestationEndpoints();
        v1.MapAccountEndpoints();
        v1.MapClusterEndpoints();
        v1.MapBookingEndpoints();
        v1.MapOwnerEndpoints();
        v1.MapOperatorEndpoints();
        app.MapDashboardPages();
        app.MapGrpcService<JobsRpcService>().RequireSubmitter().RequireRateLimiting(GatewayRateLimiting.PerKeyPolicy);
        app.MapGrpcService<BookingsRpcService>().RequireSubmitter().RequireRateLimiting(GatewayRateLimiting.PerKeyPolicy);
        return app;
    }
}
