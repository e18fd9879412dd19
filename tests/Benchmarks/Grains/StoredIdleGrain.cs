namespace Aitbc.Orleans.Benchmarks.Grains;

public sealed class StoredIdleGrain([PersistentState("idle", AitbcConstants.GrainStorage)] IPersistentState<StoredIdleState> state) : Grain, IStoredIdleGrain
{
    public async Task Touch()
    {
        state.State.Version++;
        state.State.Tag = "gpu";
        await state.WriteStateAsync();
    }
}
