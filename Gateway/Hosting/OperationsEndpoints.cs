using Aitbc.Orleans.Operations;

namespace Aitbc.Orleans.Gateway.Hosting;

/// <summary>/health/live (the process runs), /health/ready (a grain call round-trips the cluster) and /metrics.</summary>
public static class OperationsEndpoints
{
    public static IEndpointRouteBuilder MapAitbcOperations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" })).ExcludeFromDescription();
        app.MapGet("/health/ready", async (IGrainFactory grains, CancellationToken ct) =>
        {
            try
            {
                var answer = await grains.Grain<IPingGrain>(0).Ping(41).WaitAsync(TimeSpan.FromSeconds(5), ct);
                return answer == 42
                    ? Results.Ok(new { status = "healthy", cluster = "reachable" })
                    : Results.Json(new { status = "unhealthy", cluster = "wrong answer" }, statusCode: 503);
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException or InvalidOperationException)
            {
                return Results.Json(new { status = "unhealthy", cluster = ex.Message }, statusCode: 503);
            }
        }).ExcludeFromDescription();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
