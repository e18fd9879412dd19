namespace Aitbc.Orleans.Miner.Telemetry;

/// <summary>
/// The rig's download rate from the gateway, from model downloads and the periodic probe: an EWMA of transfers large
/// enough to say something (short ones measure the round trip, not the link). Null until one has been measured.
/// </summary>
public sealed class BandwidthMeter
{
    /// <summary>Transfers smaller than this are not counted.</summary>
    public const long MinimumBytes = 256 * 1024;

    private const double Alpha = 0.3;
    private readonly object _lock = new();
    private double? _mbps;

    public double? MBps
    {
        get
        {
            lock (_lock)
            {
                return _mbps;
            }
        }
    }

    public void Record(long bytes, TimeSpan elapsed)
    {
        if (bytes < MinimumBytes || elapsed <= TimeSpan.Zero)
        {
            return;
        }

        var sample = bytes / (1024.0 * 1024.0) / elapsed.TotalSeconds;
        lock (_lock)
        {
            _mbps = _mbps is { } old ? Alpha * sample + (1 - Alpha) * old : sample;
        }
    }
}
