using System.Globalization;

namespace Aitbc.Orleans.Miner.Models;

/// <summary>
/// Download progress on one terminal line ("\r" rewrites it), at most every <see cref="MinInterval"/> so a fast
/// download does not flood the console. Call <see cref="Complete"/> to end the line.
/// </summary>
public sealed class TerminalProgressPrinter(TextWriter writer, string label, TimeProvider? timeProvider = null)
    : IProgress<(long Done, long? Total)>
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private long _lastPrinted = long.MinValue;
    private (long Done, long? Total) _last;

    public TimeSpan MinInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public void Report((long Done, long? Total) value)
    {
        lock (_gate)
        {
            _last = value;
            var now = _time.GetTimestamp();
            var finished = value.Total is { } total && value.Done >= total;
            if (!finished && _lastPrinted != long.MinValue && _time.GetElapsedTime(_lastPrinted, now) < MinInterval)
            {
                return;
            }

            _lastPrinted = now;
            writer.Write("\r" + Format(label, value.Done, value.Total));
            writer.Flush();
        }
    }

    public void Complete()
    {
        lock (_gate)
        {
            writer.WriteLine("\r" + Format(label, _last.Done, _last.Total));
            writer.Flush();
        }
    }

    public static string Format(string label, long done, long? total)
    {
        var culture = CultureInfo.InvariantCulture;
        var doneMiB = (done / 1048576.0).ToString("F1", culture);
        if (total is { } t && t > 0)
        {
            var percent = Math.Min(100.0, done * 100.0 / t).ToString("F1", culture);
            return $"{label}: {percent,5}% ({doneMiB}/{(t / 1048576.0).ToString("F1", culture)} MiB)";
        }

        return $"{label}: {doneMiB} MiB";
    }
}
