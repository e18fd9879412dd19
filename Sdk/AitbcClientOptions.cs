namespace Aitbc.Orleans.Sdk;

/// <summary>Where the gateway is, the key to send, and how patiently to retry.</summary>
public sealed class AitbcClientOptions
{
    /// <summary>The development system's address (<c>dotnet run --project Silo</c>).</summary>
    public static readonly Uri DevelopmentAddress = new("http://localhost:8080");

    /// <summary>The key the development system accepts (never in production).</summary>
    public const string DevelopmentKey = "dev-key";

    public Uri BaseAddress { get; set; } = DevelopmentAddress;

    /// <summary>Sent as X-Api-Key on every request; null sends none (the gateway then answers 401).</summary>
    public string? ApiKey { get; set; } = DevelopmentKey;

    /// <summary>
    /// How often a request answered 503 (cluster unavailable) or 429 (rate limited) is sent again, after the server's
    /// Retry-After or else an exponential back-off from <see cref="RetryDelay"/>. Submissions carry an idempotency key,
    /// so a retried submission never creates a second job.
    /// </summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first back-off when the server names no Retry-After; it doubles per retry.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A Retry-After longer than this is not waited for: the error surfaces instead.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a broken event stream is reopened while watching a job that has not finished.</summary>
    public int MaxReconnects { get; set; } = 5;

    /// <summary>Per request, waiting for response headers (streams and uploads run as long as they need).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Clock for back-off and waits; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
