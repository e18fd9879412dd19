using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Aitbc.Orleans.Telemetry;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// Where jobs' time goes, step by step: listens to <see cref="AitbcMetrics.JobStageDuration"/> in this process while it
/// runs and gives each step's p50, p99 and longest (bounded to <see cref="MaxPerStage"/> samples per step).
/// </summary>
public sealed class JobStageTimes : IDisposable
{
    private const int MaxPerStage = 1_000_000;
    // A queue's Count walks its segments under a lock once it has grown past one; the count is kept beside it instead.
    private readonly ConcurrentDictionary<string, (ConcurrentQueue<double> Samples, StrongBox<int> Taken)> _stages = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();

    private JobStageTimes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (AitbcMetrics.IsJobStage(instrument))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var stage = AitbcMetrics.StageOf(tags) ?? "?";
            var (samples, taken) = _stages.GetOrAdd(stage, static _ => (new ConcurrentQueue<double>(), new StrongBox<int>()));
            if (Interlocked.Increment(ref taken.Value) <= MaxPerStage)
            {
                samples.Enqueue(value);
            }
        });
        _listener.Start();
    }

    public static JobStageTimes Start() => new();

    public string Describe()
    {
        _listener.Dispose();
        var parts = _stages.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s =>
        {
            var sorted = s.Value.Samples.ToArray();
            Array.Sort(sorted);
            return string.Create(CultureInfo.InvariantCulture,
                $"{s.Key} {Percentiles.OfSorted(sorted, 50):0.00}/{Percentiles.OfSorted(sorted, 99):0.0}/{sorted[^1]:0} ms");
        });
        return "job steps p50/p99/longest: " + string.Join(", ", parts);
    }

    public void Dispose() => _listener.Dispose();
}
