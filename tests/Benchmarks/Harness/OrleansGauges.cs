using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// Reads Orleans' observable gauges once, on demand: the silo's activation count and its grain directory cache size.
/// Any meter listener that enables them (the dashboard's reader does, every second) pays for walking both, so their
/// sizes are a cost the fleet and the job path carry.
/// </summary>
public static class OrleansGauges
{
    private static readonly string[] Names = ["orleans-catalog-activations", "orleans-directory-cache-size", "orleans-messaging-processing-activation-data"];

    /// <summary>The silo's activations in all and by grain type, the most numerous first: "N activations: type n, ...".</summary>
    public static async Task<string> ActivationsByType(IGrainFactory grains, int top = 12)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return $"{statistics.Sum(s => s.ActivationCount):N0} activations: " +
            string.Join(", ", statistics.OrderByDescending(s => s.ActivationCount).Take(top).Select(s => $"{s.GrainType} {s.ActivationCount:N0}"));
    }

    /// <summary>
    /// The three gauges' values, how long observing every observable Orleans instrument took (what the dashboard's reader
    /// pays each second), and the instruments that took longest, each timed alone.
    /// </summary>
    public static string Read()
    {
        var values = new Dictionary<string, long>();
        var took = Observe(_ => true, values);
        var names = new List<string>();
        using (var find = new MeterListener { InstrumentPublished = (instrument, _) => { if (IsObservableOrleans(instrument)) { names.Add(instrument.Name); } } })
        {
            find.Start();
        }

        var slowest = names.Distinct().Select(n => (Name: n, Took: Observe(i => i.Name == n, null)))
            .OrderByDescending(t => t.Took).Take(4).Select(t => $"{t.Name} {t.Took.TotalMilliseconds:0.0} ms");
        return string.Join(", ", Names.Select(n => $"{n} {(values.TryGetValue(n, out var v) ? v.ToString("N0") : "not published")}")) +
            $" (all {names.Count} observable Orleans instruments read in {took.TotalMilliseconds:0.0} ms; slowest alone: {string.Join(", ", slowest)})";
    }

    private static bool IsObservableOrleans(Instrument instrument) => instrument.Meter.Name == "Microsoft.Orleans" && instrument.IsObservable;

    private static TimeSpan Observe(Func<Instrument, bool> which, Dictionary<string, long>? values)
    {
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (IsObservableOrleans(instrument) && which(instrument))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Add(instrument, value));
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument, value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument, (long)value));
        listener.Start();
        var started = Stopwatch.GetTimestamp();
        listener.RecordObservableInstruments();
        return Stopwatch.GetElapsedTime(started);

        void Add(Instrument instrument, long value)
        {
            if (values is null || !Names.Contains(instrument.Name))
            {
                return;
            }

            lock (values)
            {
                values[instrument.Name] = values.GetValueOrDefault(instrument.Name) + value;
            }
        }
    }
}
