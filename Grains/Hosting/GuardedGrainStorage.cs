using System.Data.Common;
using System.Net.Sockets;
using Aitbc.Orleans.Storage;
using Orleans.Storage;

namespace Aitbc.Orleans.Hosting;

/// <summary>
/// Wraps a grain storage provider so that its failures cross the silo boundary: a driver's exception (a
/// PostgresException, an exhausted pool, an I/O error) becomes a <see cref="StorageUnavailableException"/>, which
/// carries the message but not the driver's type (clients have no codec for it and saw a CodecNotFoundException). An
/// ETag conflict (<see cref="InconsistentStateException"/>) passes through as it is. The inner provider is registered
/// under its own name and takes part in the silo lifecycle itself.
/// </summary>
public sealed class GuardedGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard("read", () => inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard("write", () => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard("clear", () => inner.ClearStateAsync(stateName, grainId, grainState));

    /// <summary>Whether a failure is the storage being unavailable (rather than a bug, which stays what it is).</summary>
    public static bool IsStorageFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException or IOException or SocketException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Takes the call itself, not its task: a provider may throw before it returns one.</summary>
    private static async Task Guard(string operation, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception ex) when (ex is not StorageUnavailableException and not InconsistentStateException && IsStorageFailure(ex))
        {
            throw StorageUnavailableException.From($"grain state {operation}", ex);
        }
    }
}
