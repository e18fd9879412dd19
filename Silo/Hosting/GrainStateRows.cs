using System.Globalization;
using Orleans.Storage;

namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>
/// The stored rows of <see cref="LocalGrainStorage"/>: each state's serialised bytes and ETag, by state name and grain.
/// One per silo in development; a test cluster shares one between its silos, as a database is shared, so a silo killed
/// mid-job loses its memory but not its state. An ETag is a number unique within the rows.
/// </summary>
public sealed class GrainStateRows
{
    private readonly Dictionary<(string State, GrainId Grain), (string ETag, byte[] Payload)> _rows = [];
    private readonly Lock _gate = new();
    private long _version;

    /// <summary>How many states are stored.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _rows.Count;
            }
        }
    }

    /// <summary>How many rows and payload bytes each state name holds, for the benchmarks' retained-memory figures.</summary>
    public IReadOnlyList<(string State, int Rows, long Bytes)> Sizes()
    {
        lock (_gate)
        {
            return [.. _rows.GroupBy(r => r.Key.State).Select(g => (g.Key, g.Count(), g.Sum(r => (long)r.Value.Payload.Length))).OrderByDescending(s => s.Item3)];
        }
    }

    public bool TryRead(string stateName, GrainId grainId, out string etag, out byte[] payload)
    {
        lock (_gate)
        {
            var found = _rows.TryGetValue((stateName, grainId), out var row);
            (etag, payload) = found ? row : (string.Empty, []);
            return found;
        }
    }

    /// <summary>Stores <paramref name="payload"/> if the stored ETag is <paramref name="expected"/> (null: none stored); returns the new ETag.</summary>
    public string Write(string stateName, GrainId grainId, string? expected, byte[] payload)
    {
        var key = (stateName, grainId);
        lock (_gate)
        {
            Check(key, expected, "writing");
            var etag = (++_version).ToString(CultureInfo.InvariantCulture);
            _rows[key] = (etag, payload);
            return etag;
        }
    }

    /// <summary>Removes the row if the stored ETag is <paramref name="expected"/>.</summary>
    public void Clear(string stateName, GrainId grainId, string? expected)
    {
        var key = (stateName, grainId);
        lock (_gate)
        {
            Check(key, expected, "clearing");
            _rows.Remove(key);
        }
    }

    private void Check((string State, GrainId Grain) key, string? expected, string operation)
    {
        var stored = _rows.TryGetValue(key, out var row) ? row.ETag : null;
        if (stored != expected)
        {
            throw new InconsistentStateException($"ETag mismatch {operation} {key.State} of {key.Grain}", stored, expected);
        }
    }
}
