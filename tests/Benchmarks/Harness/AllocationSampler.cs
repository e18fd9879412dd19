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
    private const int GcStartEventId = 1;
    private const int LargeObjectKind = 1;

    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _largeBytesByType = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _collections = new(StringComparer.Ordinal);

    /// <summary>The types with the most sampled bytes, largest first, with their share of all sampled bytes.</summary>
    public IReadOnlyList<(string Type, double Share)> Top(int count)
    {
        var total = Math.Max(1, _bytesByType.Values.Sum());
        return _bytesByType.OrderByDescending(t => t.Value).Take(count).Select(t => (t.Key, t.Value / (double)total)).ToArray();
    }

    /// <summary>The large-object-heap types with the most sampled bytes (they count against gen2's budget), largest first.</summary>
    public IReadOnlyList<(string Type, long Bytes)> TopLarge(int count) =>
        _largeBytesByType.OrderByDescending(t => t.Value).Take(count).Select(t => (t.Key, t.Value)).ToArray();

    /// <summary>Collections by generation and the runtime's reason code (0 small allocations, 4 large allocations, 6 LOH out of space...).</summary>
    public IReadOnlyDictionary<string, int> Collections => _collections;

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
        if (eventData.PayloadNames is not { } names || eventData.Payload is not { } payload)
        {
            return;
        }

        if (eventData.EventId == GcStartEventId)
        {
            var depth = names.IndexOf("Depth") is var d and >= 0 ? Convert.ToString(payload[d], System.Globalization.CultureInfo.InvariantCulture) : "?";
            var reason = names.IndexOf("Reason") is var r and >= 0 ? Convert.ToString(payload[r], System.Globalization.CultureInfo.InvariantCulture) : "?";
            var kind = names.IndexOf("Type") is var k and >= 0 ? Convert.ToString(payload[k], System.Globalization.CultureInfo.InvariantCulture) : "?";
            _collections.AddOrUpdate($"gen{depth} reason {reason} type {kind}", 1, (_, n) => n + 1);
            return;
        }

        if (eventData.EventId != AllocationTickEventId)
        {
            return;
        }

        var type = names.IndexOf("TypeName") is var t and >= 0 ? payload[t] as string ?? "?" : "?";
        var amount = names.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(payload[a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
        if (names.IndexOf("AllocationKind") is var kindAt and >= 0 && Convert.ToInt32(payload[kindAt], System.Globalization.CultureInfo.InvariantCulture) == LargeObjectKind)
        {
            _largeBytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
        }
    }
}
