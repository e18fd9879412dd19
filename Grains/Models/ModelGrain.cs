namespace Aitbc.Orleans.Models;

public sealed class ModelGrain(
    [PersistentState("model", AitbcConstants.GrainStorage)] IPersistentState<ModelInfoState> state) : Grain, IModelGrain
{
    public async Task<ModelInfo> Register(ModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (state.State.Info is { } existing)
        {
            return existing;
        }

        state.State.Info = info;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IModelCatalogGrain>("models").Add(info.ModelId);
        return info;
    }

    public Task<ModelInfo?> Get() => Task.FromResult(state.State.Info);
}
