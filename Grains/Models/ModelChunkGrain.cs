using Aitbc.Orleans.Hosting;

namespace Aitbc.Orleans.Models;

/// <summary>Content-addressed: a chunk is written once; later writes of the same key are ignored.</summary>
public sealed class ModelChunkGrain(
    [PersistentState("chunk", AitbcConstants.GrainStorage)] IPersistentState<ModelChunkState> state) : Grain, IModelChunkGrain
{
    public async Task Put(byte[] data)
    {
        if (state.State.Data is null)
        {
            state.State.Data = data;
            await state.WriteOrDeactivate(this);
        }
    }

    public Task<byte[]?> Read() => Task.FromResult(state.State.Data);
}
