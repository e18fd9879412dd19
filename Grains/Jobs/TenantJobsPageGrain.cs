using Aitbc.Orleans.Hosting;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// A full page of a tenant's job index, written once when its index moves on. Once stored the page goes (a busy
/// tenant fills one every 64 jobs); a listing that reaches it loads it again.
/// </summary>
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

        this.DeactivateOnIdle();
    }

    public Task<IReadOnlyList<string>> Read() => Task.FromResult<IReadOnlyList<string>>(state.State);
}
