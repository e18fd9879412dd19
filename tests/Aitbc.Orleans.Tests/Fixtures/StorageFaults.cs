namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// Storage failures a test arms for particular grains: the next writes of a state name, for grains whose key contains
/// a given part and whose state matches a predicate, fail as a database outage would (<see cref="SimulatedDatabaseException"/>).
/// Shared by every silo of a fixture; tests keep apart by their own grain keys.
/// </summary>
public sealed class StorageFaults
{
    private readonly List<Fault> _faults = [];
    private readonly Dictionary<string, int> _injected = new(StringComparer.Ordinal);

    /// <summary>How many writes failed on purpose so far for faults armed with this key part.</summary>
    public int Injected(string keyPart)
    {
        lock (_faults)
        {
            return _injected.GetValueOrDefault(keyPart);
        }
    }

    /// <summary>Fails the next <paramref name="times"/> writes of <paramref name="stateName"/> for keys containing <paramref name="keyPart"/> whose state satisfies <paramref name="when"/>.</summary>
    public void FailWrites<T>(string stateName, string keyPart, Func<T, bool>? when = null, int times = 1)
    {
        lock (_faults)
        {
            _faults.Add(new Fault(stateName, keyPart, state => state is T typed && (when?.Invoke(typed) ?? true), times));
        }
    }

    /// <summary>Disarms every fault still pending for keys containing <paramref name="keyPart"/>.</summary>
    public void Clear(string keyPart)
    {
        lock (_faults)
        {
            _faults.RemoveAll(f => f.KeyPart == keyPart);
        }
    }

    public void ThrowIfArmed(string stateName, GrainId grainId, object? state)
    {
        lock (_faults)
        {
            var key = grainId.ToString();
            var fault = _faults.FirstOrDefault(f => f.StateName == stateName && key.Contains(f.KeyPart, StringComparison.Ordinal) && f.Matches(state));
            if (fault is null)
            {
                return;
            }

            fault.Left--;
            if (fault.Left <= 0)
            {
                _faults.Remove(fault);
            }

            _injected[fault.KeyPart] = _injected.GetValueOrDefault(fault.KeyPart) + 1;
        }

        throw new SimulatedDatabaseException($"simulated outage writing {stateName} of {grainId}");
    }

    private sealed class Fault(string stateName, string keyPart, Func<object?, bool> matches, int times)
    {
        public string StateName { get; } = stateName;

        public string KeyPart { get; } = keyPart;

        public Func<object?, bool> Matches { get; } = matches;

        public int Left { get; set; } = times;
    }
}
