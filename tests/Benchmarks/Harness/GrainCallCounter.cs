using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// Counts the grain calls a silo receives, per interface method, so a scenario can state calls per operation and show
/// where they go. Registered as an incoming call filter on the benchmark silo; observers on clients are not counted.
/// Keyed by the address of the request's generated type (one invokable type per interface method), so a count is one
/// integer lookup and an interlocked increment: no allocation, and no reflection. Reading the call's
/// <c>InterfaceMethod</c> made Orleans look the method up in a dictionary of reflection objects on every call, and
/// hashing those took the runtime's slow path (about half of the 7–11 % of a routing profile's managed samples that
/// sat in <c>RuntimeHelpers.GetHashCodeWorker</c>).
/// </summary>
public sealed class GrainCallCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<nint, (string Name, StrongBox<long> Count)> _calls = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var key = request.GetType().TypeHandle.Value;
        if (!_calls.TryGetValue(key, out var entry))
        {
            entry = _calls.GetOrAdd(key, static (_, r) => ($"{r.GetInterfaceType().FullName}.{r.GetMethodName()}", new StrongBox<long>()), request);
        }

        Interlocked.Increment(ref entry.Count.Value);
        return context.Invoke();
    }

    /// <summary>The counts so far by "Interface.Method", for a before/after difference.</summary>
    public IReadOnlyDictionary<string, long> Snapshot()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (_, (name, count)) in _calls)
        {
            counts[name] = counts.GetValueOrDefault(name) + Interlocked.Read(ref count.Value);
        }

        return counts;
    }

    /// <summary>Per-method calls between two snapshots, largest first.</summary>
    public static IEnumerable<(string Method, long Calls)> Difference(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return after.Select(kv => (kv.Key, kv.Value - before.GetValueOrDefault(kv.Key))).Where(d => d.Item2 > 0).OrderByDescending(d => d.Item2);
    }
}
