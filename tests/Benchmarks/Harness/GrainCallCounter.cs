using System.Collections.Concurrent;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// Counts the grain calls a silo receives, per interface method, so a scenario can state calls per operation and show
/// where they go. Registered as an incoming call filter on the benchmark silo; observers on clients are not counted.
/// </summary>
public sealed class GrainCallCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);

    public long Total => _calls.Values.Sum();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _calls.AddOrUpdate($"{context.InterfaceName}.{context.MethodName}", 1, (_, n) => n + 1);
        return context.Invoke();
    }

    /// <summary>The counts so far, for a before/after difference.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_calls, StringComparer.Ordinal);

    /// <summary>Per-method calls between two snapshots, largest first.</summary>
    public static IEnumerable<(string Method, long Calls)> Difference(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return after.Select(kv => (kv.Key, kv.Value - before.GetValueOrDefault(kv.Key))).Where(d => d.Item2 > 0).OrderByDescending(d => d.Item2);
    }
}
