namespace Aitbc.Orleans.Routing;

/// <summary>One decision's counts of why GPUs were passed over, by reason code, plus refused reservations by text.</summary>
public sealed class RejectionTally
{
    // Made on the first filter count: a decision's tally of refused reservations never has any.
    private int[]? _counts;
    private Dictionary<string, int>? _refusals;

    /// <summary>How many reservations were refused (every reason), the count a decision's refusal budget is spent from.</summary>
    public int RefusalCount { get; private set; }

    public void Add(int code, int count = 1)
    {
        if (count > 0)
        {
            (_counts ??= new int[RejectReasons.Count])[code] += count;
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
        if (other._counts is { } counts)
        {
            for (var code = 0; code < counts.Length; code++)
            {
                Add(code, counts[code]);
            }
        }

        RefusalCount += other.RefusalCount;
        foreach (var (text, count) in other._refusals ?? [])
        {
            _refusals ??= new Dictionary<string, int>(StringComparer.Ordinal);
            _refusals[text] = _refusals.GetValueOrDefault(text) + count;
        }
    }

    /// <summary>Forgets the filter counts (a new search will count them again), keeping refused reservations.</summary>
    public void ClearFilterCounts()
    {
        if (_counts is not null)
        {
            Array.Clear(_counts);
        }
    }

    public bool IsEmpty => _refusals is null && (_counts is null || Array.TrueForAll(_counts, c => c == 0));

    public Dictionary<string, int> ToDictionary()
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var code = 0; _counts is not null && code < _counts.Length; code++)
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
