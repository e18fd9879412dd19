using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// Which types this process allocates most, from the runtime's allocation-tick events (one per ~100 KB allocated,
/// naming the type of the object that crossed the mark): a sample, weighted by bytes, to find what a job allocates
/// without an external profiler. Listening costs little; the events come only while it is enabled.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    /// <summary>The runtime provider's GC keyword; allocation ticks are its verbose events.</summary>
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int AllocationTickEventId = 10;

    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);

    /// <summary>The types with the most sampled bytes, largest first, with their share of all sampled bytes.</summary>
    public IReadOnlyList<(string Type, double Share)> Top(int count)
    {
        var total = Math.Max(1, _bytesByType.Values.Sum());
        return _bytesByType.OrderByDescending(t => t.Value).Take(count).Select(t => (t.Key, t.Value / (double)total)).ToArray();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        ArgumentNullException.ThrowIfNull(eventSource);
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.EventId != AllocationTickEventId || eventData.PayloadNames is not { } names || eventData.Payload is not { } payload)
        {
            return;
        }

        var type = names.IndexOf("TypeName") is var t and >= 0 ? payload[t] as string ?? "?" : "?";
        var amount = names.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(payload[a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
