using Orleans.Serialization;
using Orleans.Storage;

namespace Aitbc.Orleans.Hosting;

/// <summary>
/// The Orleans binary grain-storage format of <see cref="OrleansGrainStorageSerializer"/>, byte for byte, written
/// through the serializer's pooled buffers into one array of the exact size. The stock serializer writes into a fresh
/// growing buffer, so every state write allocated its payload about twice over in the resizes; account and tenant-index
/// states are rewritten on every job, and that garbage was a sixth of what a job allocated (docs/BENCHMARKS.md, issue 11).
/// Rows written by either serializer read with either.
/// </summary>
public sealed class PooledGrainStorageSerializer(Serializer serializer) : IGrainStorageSerializer
{
    private readonly OrleansGrainStorageSerializer _reader = new(serializer);

    public BinaryData Serialize<T>(T? input) => new(serializer.SerializeToArray(input));

    public T Deserialize<T>(BinaryData input) => _reader.Deserialize<T>(input)!;
}
