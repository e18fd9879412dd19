using System.Globalization;
using System.Runtime.InteropServices;
using Orleans.Storage;

namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>
/// PostgreSQL grain storage whose writes go through the silo's <see cref="PostgresStateWriteBatcher"/>: the writes of
/// concurrent grains share round trips and commits (a job's holds, index appends, acceptance and outcome are all
/// separate grains' writes). Reads and clears, rarer, stay with the ADO.NET provider over the same table and rows
/// (<see cref="StoredGrainKey"/>); the payload is the same serializer's bytes. A version conflict throws
/// <see cref="InconsistentStateException"/> as that provider does.
/// </summary>
public sealed class BatchedPostgresGrainStorage(
    IGrainStorage inner, PostgresStateWriteBatcher writes, IGrainStorageSerializer serializer) : IGrainStorage
{
    public PostgresStateWriteBatcher Writes { get; } = writes;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var expected = string.IsNullOrWhiteSpace(grainState.ETag) ? (int?)null : int.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var payload = serializer.Serialize(grainState.State).ToMemory();
        var bytes = MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();
        var written = await Writes.Write(new PendingStateWrite(StoredGrainKey.For(stateName, grainId), expected, bytes));
        if (written is not { } version)
        {
            throw new InconsistentStateException(
                $"Version conflict (WriteState): ServiceId={Writes.ServiceId} State={stateName} GrainId={grainId} ETag={grainState.ETag}.");
        }

        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }
}
