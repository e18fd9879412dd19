using System.Globalization;
using System.Runtime.InteropServices;
using Orleans.Storage;

namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>
/// The stored rows of <see cref="LocalGrainStorage"/>: each state's serialised bytes and ETag, by state name and grain.
/// One per silo in development; a test cluster shares one between its silos, as a database is shared, so a silo killed
/// mid-job loses its memory but not its state. An ETag is a number unique within the rows.
/// The bytes live in native memory, one block per row, freed when the row is replaced or cleared: every state ever
/// written stays (a job's record must stay readable), and as managed arrays each one was copied by the gen0 and gen1
/// collections that promoted it and then kept in gen2 for good; a row now leaves only its dictionary entry and its
/// grain id's key on the managed heap. A read copies the bytes out; the rows free every block when disposed.
/// </summary>
public sealed class GrainStateRows : IDisposable
{
    private readonly Dictionary<(string State, GrainId Grain), (long Version, nint Block, int Length)> _rows = [];
    private readonly Lock _gate = new();
    private long _version;
    private bool _disposed;

    ~GrainStateRows() => FreeAll();

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
            return [.. _rows.GroupBy(r => r.Key.State).Select(g => (g.Key, g.Count(), g.Sum(r => (long)r.Value.Length))).OrderByDescending(s => s.Item3)];
        }
    }

    public bool TryRead(string stateName, GrainId grainId, out string etag, out byte[] payload)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_rows.TryGetValue((stateName, grainId), out var row))
            {
                (etag, payload) = (string.Empty, []);
                return false;
            }

            // Copied under the lock: a concurrent write frees the block it replaces.
            payload = new byte[row.Length];
            Marshal.Copy(row.Block, payload, 0, row.Length);
            etag = ETagOf(row.Version);
            return true;
        }
    }

    /// <summary>Stores <paramref name="payload"/> if the stored ETag is <paramref name="expected"/> (null: none stored); returns the new ETag.</summary>
    public string Write(string stateName, GrainId grainId, string? expected, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var key = (stateName, grainId);
        var block = Copy(payload);
        nint replaced = 0;
        try
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                Check(key, expected, "writing");
                replaced = _rows.TryGetValue(key, out var old) ? old.Block : 0;
                var version = ++_version;
                _rows[key] = (version, block, payload.Length);
                block = 0;
                return ETagOf(version);
            }
        }
        finally
        {
            // Whichever block is no longer a row's: the replaced one, or the new one of a refused write.
            Free(replaced);
            Free(block);
        }
    }

    /// <summary>Removes the row if the stored ETag is <paramref name="expected"/>.</summary>
    public void Clear(string stateName, GrainId grainId, string? expected)
    {
        var key = (stateName, grainId);
        nint removed = 0;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Check(key, expected, "clearing");
            if (_rows.Remove(key, out var row))
            {
                removed = row.Block;
            }
        }

        Free(removed);
    }

    /// <summary>Frees every row's bytes; the rows can no longer be read or written.</summary>
    public void Dispose()
    {
        FreeAll();
        GC.SuppressFinalize(this);
    }

    private void FreeAll()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var row in _rows.Values)
            {
                Free(row.Block);
            }

            _rows.Clear();
        }
    }

    private static nint Copy(byte[] payload)
    {
        // One byte at least, so an empty state still has a block of its own (AllocHGlobal(0) may return null).
        var block = Marshal.AllocHGlobal(Math.Max(1, payload.Length));
        Marshal.Copy(payload, 0, block, payload.Length);
        return block;
    }

    private static void Free(nint block)
    {
        if (block != 0)
        {
            Marshal.FreeHGlobal(block);
        }
    }

    private static string ETagOf(long version) => version.ToString(CultureInfo.InvariantCulture);

    private void Check((string State, GrainId Grain) key, string? expected, string operation)
    {
        var stored = _rows.TryGetValue(key, out var row) ? ETagOf(row.Version) : null;
        if (stored != expected)
        {
            throw new InconsistentStateException($"ETag mismatch {operation} {key.State} of {key.Grain}", stored, expected);
        }
    }
}
