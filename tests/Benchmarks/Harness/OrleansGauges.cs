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

    public static string Read()
    {
        var values = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Microsoft.Orleans" && Names.Contains(instrument.Name))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Add(instrument, value));
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument, value));
        listener.Start();
        listener.RecordObservableInstruments();
        return string.Join(", ", Names.Select(n => $"{n} {(values.TryGetValue(n, out var v) ? v.ToString("N0") : "not published")}"));

        void Add(Instrument instrument, long value)
        {
            lock (values)
            {
                values[instrument.Name] = values.GetValueOrDefault(instrument.Name) + value;
            }
        }
    }
}
