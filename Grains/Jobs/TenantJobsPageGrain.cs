using Aitbc.Orleans.Hosting;

namespace Aitbc.Orleans.Jobs;

public sealed class TenantJobsPageGrain(
    [PersistentState("tenantjobs.page", AitbcConstants.GrainStorage)] IPersistentState<List<string>> state) : Grain, ITenantJobsPageGrain
{
    public async Task Store(IReadOnlyList<string> jobIds)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        if (state.State.Count == 0 && jobIds.Count > 0)
        {
            state.State = [.. jobIds];
            await state.WriteOrDeactivate(this);
        }
    }

    public Task<IReadOnlyList<string>> Read() => Task.FromResult<IReadOnlyList<string>>(state.State);
}
