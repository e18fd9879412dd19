using Aitbc.Orleans.Hosting;

namespace Aitbc.Orleans.Models;

public sealed class ModelCatalogGrain(
    [PersistentState("models", AitbcConstants.GrainStorage)] IPersistentState<List<string>> state) : Grain, IModelCatalogGrain
{
    public async Task Add(string modelId)
    {
        if (!state.State.Contains(modelId))
        {
            state.State.Add(modelId);
            await state.WriteOrDeactivate(this);
        }
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>(state.State.ToArray());
}
