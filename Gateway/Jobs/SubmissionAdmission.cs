using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Telemetry;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Jobs;

/// <summary>
/// The bound on job submissions this gateway holds at once, for HTTP and gRPC alike: at most
/// <see cref="GatewayOptions.MaxSubmissionsInFlight"/>, fewer while its process or its silos fall behind
/// (<see cref="SubmissionLimit"/>, fed by <see cref="SchedulingLagSampler"/>). A refused submission has made no grain
/// call, so it is safe to repeat after Retry-After.
/// </summary>
public sealed class SubmissionAdmission(IOptions<GatewayOptions> options)
{
    /// <summary>What a refusal asks the client to wait before it submits again: what every 503 of the gateway asks.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(GatewayExceptionHandler.RetryAfterSeconds);

    private readonly SubmissionLimit _limit = new(
        options.Value.MaxSubmissionsInFlight,
        options.Value.MinSubmissionsInFlight,
        TimeSpan.FromMilliseconds(options.Value.SubmissionLagTargetMs));

    private int _inFlight;
    private volatile bool _refused;

    /// <summary>The submissions held now, and the most it will hold now.</summary>
    public (int InFlight, int Limit) Load => (Volatile.Read(ref _inFlight), _limit.Current);

    public bool Adapts => _limit.Adapts;

    public int MaxLimit => _limit.Max;

    /// <summary>Takes a place, or refuses (false) when every place is held; a taken place is given back with <see cref="Leave"/>.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _inFlight) <= _limit.Current)
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight);
        _refused = true;
        AitbcMetrics.SubmissionsShed.Add(1);
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref _inFlight);

    /// <summary>One sample of the process's scheduling lag (see <see cref="SubmissionLimit.Observe"/>); returns the new limit.</summary>
    public int Observe(TimeSpan lag)
    {
        // A refusal between the read and the reset is counted with the next sample's demand or not at all: it only
        // decides how fast the bound grows back, and the next refusal sets it again.
        var refused = _refused;
        _refused = false;
        return _limit.Observe(lag, refused);
    }

    /// <summary>The refusal's words, the same for HTTP and gRPC.</summary>
    public string RefusalDetail =>
        $"This gateway holds at most {_limit.Max} job submissions at once (fewer while it falls behind) and all its places are in use; nothing was accepted. Retry in {RetryAfter.TotalSeconds:0} s.";
}
