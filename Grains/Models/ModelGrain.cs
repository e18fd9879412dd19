using Aitbc.Orleans.Fhe;
using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Compiler;
using Aitbc.Orleans.Hosting;

namespace Aitbc.Orleans.Models;

public sealed class ModelGrain(
    [PersistentState("model", AitbcConstants.GrainStorage)] IPersistentState<ModelInfoState> state) : Grain, IModelGrain
{
    private Task<PrivatePlanInfo>? _privatePlan;

    public async Task<ModelInfo> Register(ModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (state.State.Info is { } existing)
        {
            return existing;
        }

        state.State.Info = info;
        await state.WriteOrDeactivate(this);
        await GrainFactory.Grain<IModelCatalogGrain>("models").Add(info.ModelId);

        // Quantization starts in the cluster now and finishes after the upload answered (the request only waits for "pending").
        if (!info.OriginalOnly)
        {
            await GrainFactory.GetGrain<Variants.IModelVariantsGrain>(info.ModelId).Request();
        }
        return info;
    }

    public Task<ModelInfo?> Get() => Task.FromResult(state.State.Info);

    /// <summary>
    /// Compiled at the first request of an activation (the content never changes, so neither does the plan) and kept
    /// with it; a failed read of the model's chunks is not kept, so the next request tries again.
    /// </summary>
    public async Task<PrivatePlanInfo?> GetPrivatePlan()
    {
        if (state.State.Info is not { } info)
        {
            return null;
        }

        _privatePlan ??= Compile(info);
        try
        {
            return await _privatePlan;
        }
        catch
        {
            _privatePlan = null;
            throw;
        }
    }

    private async Task<PrivatePlanInfo> Compile(ModelInfo info)
    {
        var bytes = await ModelStore.ReadAllAsync(GrainFactory, info);
        try
        {
            var compiled = OnnxPlanCompiler.Compile(bytes, CkksParameters.Standard128);
            return new PrivatePlanInfo(info.ModelId, null, compiled.Plan.ToBytes(), compiled.InputName, [.. compiled.InputShape],
                compiled.OutputName, [.. compiled.OutputShape]);
        }
        catch (FheException ex)
        {
            return new PrivatePlanInfo(info.ModelId, ex.Message, null, null, null, null, null);
        }
    }
}
