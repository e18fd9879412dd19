namespace Aitbc.Orleans.Fleet;

/// <summary>
/// A region's recent changes: a version that grows by one per change, and a ring of the last changes (version, GPU
/// id). A reader at version v gets every GPU changed after v while the ring still reaches back to v; a reader further
/// behind (or new) needs the whole index. The ring's size bounds the memory whatever the churn.
/// </summary>
public sealed class RegionChangeLog(int capacity)
{
    private readonly long[] _versions = new long[capacity];
    private readonly string[] _ids = new string[capacity];
    private int _start;
    private int _count;

    public long Version { get; private set; }

    /// <summary>Every change after this version is still in the ring.</summary>
    public long CompleteAfter { get; private set; }

    public void Reset(long version)
    {
        Version = version;
        CompleteAfter = version;
        _start = 0;
        _count = 0;
        Array.Clear(_ids);
    }

    public void Record(string gpuId)
    {
        Version++;
        if (_count == _versions.Length)
        {
            CompleteAfter = _versions[_start];
            _start = (_start + 1) % _versions.Length;
            _count--;
        }

        var at = (_start + _count) % _versions.Length;
        _versions[at] = Version;
        _ids[at] = gpuId;
        _count++;
    }

    /// <summary>A change of the region itself (its queue), which every answer carries anyway.</summary>
    public void Bump() => Version++;

    public bool CanServe(long sinceVersion) => sinceVersion >= CompleteAfter && sinceVersion <= Version;

    /// <summary>The distinct GPUs changed after the version, newest first.</summary>
    public HashSet<string> ChangedAfter(long sinceVersion)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = _count - 1; i >= 0; i--)
        {
            var at = (_start + i) % _versions.Length;
            if (_versions[at] <= sinceVersion)
            {
                break;
            }

            ids.Add(_ids[at]);
        }

        return ids;
    }
}
