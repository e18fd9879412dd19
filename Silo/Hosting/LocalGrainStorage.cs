using Orleans.Serialization;
using Orleans.Storage;

namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>
/// Grain state in memory (<see cref="GrainStateRows"/>), for the single-silo development system, the benchmarks and test
/// clusters: each state is kept as the Orleans serializer's bytes (so nothing a grain still holds is shared with what
/// is stored, and a state type that does not round-trip fails here as it would in PostgreSQL), with an ETag checked on
/// every write. Orleans' own in-memory provider keeps the rows in storage grains, which made every read and write a
/// grain call carrying the serialised state, deep-copied as a call argument: 7 of the 26 grain calls a job made at
/// 300 jobs/s (docs/BENCHMARKS.md, issue 11). Nothing here outlives the process, as before. Rows given to it are
/// shared and stay their owner's to dispose; its own go with it.
/// </summary>
public sealed class LocalGrainStorage(Serializer serializer, GrainStateRows? rows = null) : IGrainStorage, IDisposable
{
    private readonly bool _ownsRows = rows is null;

    /// <summary>The rows this storage reads and writes (its own unless it was given shared ones).</summary>
    public GrainStateRows Rows { get; } = rows ?? new GrainStateRows();

    public void Dispose()
    {
        if (_ownsRows)
        {
            Rows.Dispose();
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        // A state never written leaves the grain's fresh default where it is, as every Orleans provider does.
        if (Rows.TryRead(stateName, grainId, out var etag, out var payload))
        {
            grainState.State = serializer.Deserialize<T>(payload) ?? Activator.CreateInstance<T>();
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        // Serialised before the rows' lock, which covers only the ETag check and the swap.
        grainState.ETag = Rows.Write(stateName, grainId, grainState.ETag, serializer.SerializeToArray(grainState.State));
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        Rows.Clear(stateName, grainId, grainState.ETag);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
