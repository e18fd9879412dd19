namespace Aitbc.Orleans.Ledger;

public sealed class AccountHistoryGrain(
    [PersistentState("ledgerpage", AitbcConstants.GrainStorage)] IPersistentState<List<LedgerEntry>> state) : Grain, IAccountHistoryGrain
{
    public async Task Append(IReadOnlyList<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);

        // Idempotent by sequence number: a retried archive step appends nothing twice.
        var last = state.State.Count == 0 ? 0 : state.State[^1].Sequence;
        var fresh = entries.Where(e => e.Sequence > last).ToArray();
        if (fresh.Length > 0)
        {
            state.State.AddRange(fresh);
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<LedgerEntry>> Read() => Task.FromResult<IReadOnlyList<LedgerEntry>>(state.State.ToArray());
}
