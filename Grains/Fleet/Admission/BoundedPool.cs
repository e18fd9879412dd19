using System.Collections.Concurrent;

namespace Aitbc.Orleans.Fleet.Admission;

/// <summary>
/// One shared copy per silo of values that thousands of GPUs repeat. Bounded: rigs report what they like, so past the
/// capacity a new value is kept as it came (it only costs its own copy, as without the pool).
/// </summary>
internal sealed class BoundedPool<T>(int capacity, IEqualityComparer<T>? comparer = null)
    where T : notnull
{
    private readonly ConcurrentDictionary<T, T> _pool = new(comparer);

    public T Shared(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_pool.TryGetValue(value, out var shared))
        {
            return shared;
        }

        return _pool.Count < capacity ? _pool.GetOrAdd(value, value) : value;
    }
}
