namespace Aitbc.Orleans.Jobs;

/// <summary>A tenant's recent job ids (the newest 10,000), for listing without scanning storage.</summary>
public sealed class TenantJobsGrain(
    [PersistentState("tenantjobs", AitbcConstants.GrainStorage)] IPersistentState<List<string>> state) : Grain, ITenantJobsGrain
{
    private const int Keep = 10_000;

    public async Task Add(string jobId)
    {
        if (state.State.Contains(jobId))
        {
            return;
        }

        state.State.Add(jobId);
        if (state.State.Count > Keep)
        {
            state.State.RemoveRange(0, state.State.Count - Keep);
        }

        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> List(int max) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.TakeLast(Math.Clamp(max, 1, Keep)).Reverse().ToArray());
}
