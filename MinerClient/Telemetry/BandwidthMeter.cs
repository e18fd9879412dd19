using System.Diagnostics;

namespace Aitbc.Orleans.Miner.Telemetry;

/// <summary>
/// The rig's download rate from the gateway, from model downloads and the periodic probe: an EWMA of transfers long
/// enough to say something. Each transfer is timed only after its first <see cref="WarmupBytes"/>, so neither the
/// request's round trip nor TCP slow start (several round trips on a WAN link) is counted as a slow link; what
/// follows must be at least <see cref="MinimumBytes"/>. Null until one has been measured.
/// </summary>
public sealed class BandwidthMeter
{
    public const long WarmupBytes = 512 * 1024;
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

    /// <summary>A timer for one transfer: report each chunk as it arrives, then <see cref="Transfer.Finish"/>.</summary>
    public Transfer Start() => new(this);

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

    /// <summary>One transfer's bytes after the warm-up and the time they took.</summary>
    public sealed class Transfer(BandwidthMeter meter)
    {
        private long _received;
        private long _timedFrom = -1;
        private long _timedBytes;

        public void Add(int bytes)
        {
            _received += bytes;
            if (_timedFrom >= 0)
            {
                _timedBytes += bytes;
            }
            else if (_received >= WarmupBytes)
            {
                _timedFrom = Stopwatch.GetTimestamp();
            }
        }

        public void Finish()
        {
            if (_timedFrom >= 0)
            {
                meter.Record(_timedBytes, Stopwatch.GetElapsedTime(_timedFrom));
            }
        }
    }
}
