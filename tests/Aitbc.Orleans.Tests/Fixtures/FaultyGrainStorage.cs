using Orleans.Storage;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>Grain storage that slows or fails the writes a test armed in <see cref="StorageFaults"/>, and otherwise passes through.</summary>
public sealed class FaultyGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        // Slowed first, then failed: a write armed with both is one that is out for a while and then fails.
        var (delay, cleared) = faults.DelayFor(stateName, grainId);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cleared).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        faults.ThrowIfArmed(stateName, grainId, grainState.State);

        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
