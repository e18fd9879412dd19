using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// Grain storage that outlives the silos of a test cluster, as a database does: every silo of the fixture writes to the
/// same <see cref="Rows"/> (Orleans-serialised, with ETags), so a silo killed mid-job loses its memory but not its
/// state. The in-memory provider keeps state in grains on the silos themselves, which a kill would take with it.
/// </summary>
public sealed class SharedGrainStorage(ConcurrentDictionary<string, (string ETag, byte[] Payload)> rows, Serializer serializer) : IGrainStorage
{
    public ConcurrentDictionary<string, (string ETag, byte[] Payload)> Rows => rows;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (rows.TryGetValue(Key(stateName, grainId), out var row))
        {
            grainState.State = serializer.Deserialize<T>(row.Payload);
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = Key(stateName, grainId);
        var etag = Guid.NewGuid().ToString("N");
        var payload = serializer.SerializeToArray(grainState.State);
        lock (rows)
        {
            var stored = rows.TryGetValue(key, out var row) ? row.ETag : null;
            if (stored != grainState.ETag)
            {
                throw new InconsistentStateException($"ETag mismatch writing {key}", stored, grainState.ETag);
            }

            rows[key] = (etag, payload);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        rows.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";
}
