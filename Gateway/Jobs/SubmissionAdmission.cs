using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Telemetry;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Jobs;

/// <summary>
/// The bound on job submissions this gateway holds at once (<see cref="GatewayOptions.MaxSubmissionsInFlight"/>), for
/// HTTP and gRPC alike. A refused submission has made no grain call, so it is safe to repeat after Retry-After.
/// </summary>
public sealed class SubmissionAdmission(IOptions<GatewayOptions> options)
{
    /// <summary>What a refusal asks the client to wait before it submits again: what every 503 of the gateway asks.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(GatewayExceptionHandler.RetryAfterSeconds);

    private readonly int _limit = Math.Max(1, options.Value.MaxSubmissionsInFlight);
    private int _inFlight;

    /// <summary>Takes a place, or refuses (false) when every place is held; a taken place is given back with <see cref="Leave"/>.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _inFlight) <= _limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight);
        AitbcMetrics.SubmissionsShed.Add(1);
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref _inFlight);

    /// <summary>The refusal's words, the same for HTTP and gRPC.</summary>
    public string RefusalDetail =>
        $"This gateway holds {_limit} job submissions at once and all are in progress; nothing was accepted. Retry in {RetryAfter.TotalSeconds:0} s.";
}
