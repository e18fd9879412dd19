using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// Counts the grain calls a silo receives, per interface method, so a scenario can state calls per operation and show
/// where they go. Registered as an incoming call filter on the benchmark silo; observers on clients are not counted.
/// Keyed by the method's reflection object (one per method, cached by the runtime) and counted with an interlocked
/// increment, so counting allocates nothing per call: the figure it sits beside is the system's CPU per job.
/// </summary>
public sealed class GrainCallCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<MethodInfo, StrongBox<long>> _calls = new();

    /// <summary>Calls that carry no interface method (some runtime calls): by name, as they come.</summary>
    private readonly ConcurrentDictionary<string, long> _unnamed = new(StringComparer.Ordinal);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var method = context.InterfaceMethod;
        if (method is not null)
        {
            var count = _calls.TryGetValue(method, out var box) ? box : _calls.GetOrAdd(method, _ => new StrongBox<long>());
            Interlocked.Increment(ref count.Value);
        }
        else
        {
            _unnamed.AddOrUpdate($"{context.InterfaceName}.{context.MethodName}", 1, (_, n) => n + 1);
        }

        return context.Invoke();
    }

    /// <summary>The counts so far by "Interface.Method", for a before/after difference.</summary>
    public IReadOnlyDictionary<string, long> Snapshot()
    {
        var counts = new Dictionary<string, long>(_unnamed, StringComparer.Ordinal);
        foreach (var (method, count) in _calls)
        {
            var name = $"{method.DeclaringType?.FullName}.{method.Name}";
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
