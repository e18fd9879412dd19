namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>One grain-state write waiting for its batch (<see cref="PostgresStateWriteBatcher"/>), and how it ended: the new version, or none when its version check failed.</summary>
public sealed class PendingStateWrite(StoredGrainKey key, int? expectedVersion, byte[] payload)
{
    public StoredGrainKey Key { get; } = key;
    public int? ExpectedVersion { get; } = expectedVersion;
    public byte[] Payload { get; } = payload;

    /// <summary>Completed off the batch's loop, so a writer's continuation never runs inside it.</summary>
    public TaskCompletionSource<int?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
