namespace Aitbc.Orleans.Routing;

/// <summary>One decision's counts of why GPUs were passed over, by reason code, plus refused reservations by text.</summary>
public sealed class RejectionTally
{
    private readonly int[] _counts = new int[RejectReasons.Count];
    private Dictionary<string, int>? _refusals;

    /// <summary>How many reservations were refused (every reason), the count a decision's refusal budget is spent from.</summary>
    public int RefusalCount { get; private set; }

    public void Add(int code, int count = 1)
    {
        if (count > 0)
        {
            _counts[code] += count;
        }
    }

    public void AddRefusal(string reason)
    {
        RefusalCount++;
        _refusals ??= new Dictionary<string, int>(StringComparer.Ordinal);
        var key = $"reservation refused: {reason}";
        _refusals[key] = _refusals.GetValueOrDefault(key) + 1;
    }

    /// <summary>Adds another tally's counts and refusals to this one.</summary>
    public void Merge(RejectionTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var code = 0; code < _counts.Length; code++)
        {
            _counts[code] += other._counts[code];
        }

        RefusalCount += other.RefusalCount;
        foreach (var (text, count) in other._refusals ?? [])
        {
            _refusals ??= new Dictionary<string, int>(StringComparer.Ordinal);
            _refusals[text] = _refusals.GetValueOrDefault(text) + count;
        }
    }

    /// <summary>Forgets the filter counts (a new search will count them again), keeping refused reservations.</summary>
    public void ClearFilterCounts() => Array.Clear(_counts);

    public bool IsEmpty => _refusals is null && Array.TrueForAll(_counts, c => c == 0);

    public Dictionary<string, int> ToDictionary()
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var code = 0; code < _counts.Length; code++)
        {
            if (_counts[code] > 0)
            {
                var text = RejectReasons.Text(code);
                result[text] = result.GetValueOrDefault(text) + _counts[code];
            }
        }

        foreach (var (text, count) in _refusals ?? [])
        {
            result[text] = result.GetValueOrDefault(text) + count;
        }

        return result;
    }
}
