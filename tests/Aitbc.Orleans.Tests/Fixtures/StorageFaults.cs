namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// Storage failures a test arms for particular grains: the next writes of a state name, for grains whose key contains
/// a given part and whose state matches a predicate, fail as a database outage would (<see cref="SimulatedDatabaseException"/>),
/// or every write of a state name for keys containing a part takes a set time (a slow database for some rows).
/// Shared by every silo of a fixture; tests keep apart by their own grain keys.
/// </summary>
public sealed class StorageFaults
{
    private readonly List<Fault> _faults = [];
    private readonly Dictionary<string, int> _injected = new(StringComparer.Ordinal);
    private readonly List<(string StateName, string KeyPart, TimeSpan Delay, CancellationTokenSource Cleared)> _delays = [];

    /// <summary>How many writes failed, or were slowed, on purpose so far for faults armed with this key part.</summary>
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

    /// <summary>Every write of <paramref name="stateName"/> for keys containing <paramref name="keyPart"/> takes <paramref name="delay"/> before it is stored, until cleared.</summary>
    public void DelayWrites(string stateName, string keyPart, TimeSpan delay)
    {
        lock (_faults)
        {
            _delays.Add((stateName, keyPart, delay, new CancellationTokenSource()));
        }
    }

    /// <summary>
    /// Disarms every fault still pending, and every delay, for keys containing <paramref name="keyPart"/>; writes still
    /// held by a cleared delay are stored at once, so a test's clean-up does not wait out its longest delay.
    /// </summary>
    public void Clear(string keyPart)
    {
        lock (_faults)
        {
            _faults.RemoveAll(f => f.KeyPart == keyPart);
            foreach (var cleared in _delays.Where(d => d.KeyPart == keyPart))
            {
                cleared.Cleared.Cancel();
                cleared.Cleared.Dispose();
            }

            _delays.RemoveAll(d => d.KeyPart == keyPart);
        }
    }

    /// <summary>How long this write is held before it is stored (zero when no delay is armed for it), and the token that ends the hold early when the delay is cleared.</summary>
    public (TimeSpan Delay, CancellationToken Cleared) DelayFor(string stateName, GrainId grainId)
    {
        lock (_faults)
        {
            if (ArmedDelay(stateName, grainId) is not { } armed)
            {
                return (TimeSpan.Zero, CancellationToken.None);
            }

            _injected[armed.KeyPart] = _injected.GetValueOrDefault(armed.KeyPart) + 1;
            return (armed.Delay, armed.Cleared.Token);
        }
    }

    /// <summary>The first delay armed for this grain's writes of the state name; called under the lock.</summary>
    private (string KeyPart, TimeSpan Delay, CancellationTokenSource Cleared)? ArmedDelay(string stateName, GrainId grainId)
    {
        var key = grainId.ToString();
        foreach (var armed in _delays)
        {
            if (armed.StateName == stateName && key.Contains(armed.KeyPart, StringComparison.Ordinal))
            {
                return (armed.KeyPart, armed.Delay, armed.Cleared);
            }
        }

        return null;
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
