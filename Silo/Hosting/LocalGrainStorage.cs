using System.Globalization;
using Orleans.Serialization;
using Orleans.Storage;

namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>
/// Grain state in this silo's memory, for the single-silo development system and the benchmarks: each state is kept
/// as the Orleans serializer's bytes (so nothing a grain still holds is shared with what is stored, and a state type
/// that does not round-trip fails here as it would in PostgreSQL), with an ETag checked on every write. Orleans' own
/// in-memory provider keeps the rows in storage grains, which made every read and write a grain call carrying the
/// serialised state, deep-copied as a call argument: about a third of the grain calls and a tenth of the bytes a job
/// allocated (docs/BENCHMARKS.md, issue 11). Nothing here outlives the process, as before; a cluster of several silos
/// needs a shared store (PostgreSQL in production).
/// </summary>
public sealed class LocalGrainStorage(Serializer serializer) : IGrainStorage
{
    private readonly Dictionary<(string State, GrainId Grain), (string ETag, byte[] Payload)> _rows = [];
    private readonly Lock _gate = new();
    private long _version;

    /// <summary>How many states are stored (for tests).</summary>
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

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        bool found;
        (string ETag, byte[] Payload) row;
        lock (_gate)
        {
            found = _rows.TryGetValue((stateName, grainId), out row);
        }

        // A state never written leaves the grain's fresh default where it is, as every Orleans provider does.
        if (found)
        {
            grainState.State = serializer.Deserialize<T>(row.Payload) ?? Activator.CreateInstance<T>();
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        // Serialised outside the lock: the lock covers only the ETag check and the swap.
        var payload = serializer.SerializeToArray(grainState.State);
        var key = (stateName, grainId);
        string etag;
        lock (_gate)
        {
            var stored = _rows.TryGetValue(key, out var row) ? row.ETag : null;
            if (stored != grainState.ETag)
            {
                throw new InconsistentStateException($"ETag mismatch writing {stateName} of {grainId}", stored, grainState.ETag);
            }

            etag = (++_version).ToString(CultureInfo.InvariantCulture);
            _rows[key] = (etag, payload);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = (stateName, grainId);
        lock (_gate)
        {
            var stored = _rows.TryGetValue(key, out var row) ? row.ETag : null;
            if (stored != grainState.ETag)
            {
                throw new InconsistentStateException($"ETag mismatch clearing {stateName} of {grainId}", stored, grainState.ETag);
            }

            _rows.Remove(key);
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
