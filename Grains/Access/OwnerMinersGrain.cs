using Aitbc.Orleans.Hosting;

namespace Aitbc.Orleans.Access;

/// <summary>An account's enrolled miners, in enrolment order, bounded by <see cref="OwnerMiners.MaxMiners"/>.</summary>
public sealed class OwnerMinersGrain(
    [PersistentState("owner-miners", AitbcConstants.GrainStorage)] IPersistentState<OwnerMinersState> state) : Grain, IOwnerMinersGrain
{
    public async Task<bool> Add(string minerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(minerId);
        var miners = state.State.MinerIds;
        if (miners.Contains(minerId, StringComparer.Ordinal))
        {
            return true;
        }

        if (miners.Count >= OwnerMiners.MaxMiners)
        {
            return false;
        }

        miners.Add(minerId);
        await state.WriteOrDeactivate(this);
        return true;
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>(state.State.MinerIds.ToArray());
}
