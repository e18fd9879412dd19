using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Aitbc.Orleans.Gateway.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Hosting;

/// <summary>
/// One fixed window per API key (GatewayOptions.RateLimit). It runs after authentication, so the partition is the
/// key's id; a refusal is a 429 problem with Retry-After.
/// </summary>
public static class GatewayRateLimiting
{
    public const string PerKeyPolicy = "aitbc-per-key";

    public static IServiceCollection AddGatewayRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PerKeyPolicy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.RateLimit;
                var keyId = http.User.FindFirstValue(GatewayClaims.KeyId);
                var partition = string.IsNullOrEmpty(keyId) ? $"ip:{http.Connection.RemoteIpAddress}" : $"key:{keyId}";
                return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.PermitLimit,
                    Window = limits.Window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"This API key is over its rate limit; retry in {seconds} s.",
                    },
                });
            };
        });
}
