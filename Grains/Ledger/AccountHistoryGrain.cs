using Aitbc.Orleans.Hosting;

namespace Aitbc.Orleans.Ledger;

/// <summary>
/// One archived page of an account's ledger. Its account fills it with one append (again only after a crash), so once
/// stored the page goes: a busy account archives a page every few hundred operations, and pages kept active until the
/// idle collection piled up by the thousand on a loaded silo. A read loads it again.
/// </summary>
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
            await state.WriteOrDeactivate(this);
        }

        this.DeactivateOnIdle();
    }

    public Task<IReadOnlyList<LedgerEntry>> Read() => Task.FromResult<IReadOnlyList<LedgerEntry>>(state.State.ToArray());
}
