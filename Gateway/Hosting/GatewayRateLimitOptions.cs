namespace Aitbc.Orleans.Gateway.Hosting;

/// <summary>A fixed window per API key (anonymous callers share one window per IP address).</summary>
public sealed class GatewayRateLimitOptions
{
    public int PermitLimit { get; set; } = 600;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
