using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// Counts grain-state writes per state name from the Orleans storage write-latency instrument (one measurement per
/// successful WriteStateAsync), for "storage writes per job". Listens to every meter named Microsoft.Orleans in the process.
/// </summary>
public sealed class StorageWriteCounter : IDisposable
{
    private const string MeterName = "Microsoft.Orleans";
    private const string WriteInstrument = "orleans-storage-write-latency";
    private readonly ConcurrentDictionary<string, long> _writes = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();

    public StorageWriteCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name == WriteInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            var state = "?";
            foreach (var tag in tags)
            {
                if (tag.Key == "state_name")
                {
                    state = tag.Value as string ?? "?";
                }
            }

            _writes.AddOrUpdate(state, 1, (_, n) => n + 1);
        });
        _listener.Start();
    }

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_writes, StringComparer.Ordinal);

    public void Dispose() => _listener.Dispose();
}
