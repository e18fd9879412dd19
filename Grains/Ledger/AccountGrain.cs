using Aitbc.Orleans.Hosting;
namespace Aitbc.Orleans.Ledger;

/// <summary>
/// One ledger account. Every movement is an entry with a reason and an operation id; an id already applied answers
/// its first result again and changes nothing. Balance and stake never go negative: a debit that does not fit is
/// refused, and a slash takes at most the stake there is.
/// </summary>
public sealed class AccountGrain(
    [PersistentState("account", AitbcConstants.GrainStorage)] IPersistentState<AccountState> state,
    DomainTime time) : Grain, IAccountGrain
{
    private const int RecentEntries = 50;

    /// <summary>Entries kept in the account's own state; past twice this, the older half moves to a history page.</summary>
    private const int KeepEntries = 200;
    private AccountState S => state.State;

    public async Task<LedgerResult> Apply(LedgerOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (S.Applied.TryGetValue(operation.OperationId, out var earlier))
        {
            return new LedgerResult(true, true, null, earlier, Snapshot());
        }

        if (operation.Amount < 0 || string.IsNullOrWhiteSpace(operation.OperationId))
        {
            return Refused("amount must be non-negative and the operation id non-empty");
        }

        var held = operation.Reference is null ? 0 : S.Holds.GetValueOrDefault(operation.Reference);
        decimal applied = operation.Amount;
        switch (operation.Kind)
        {
            case LedgerOperationKind.Credit:
                S.Balance += applied;
                if (operation.Reference is not null)
                {
                    S.Earned += applied;
                }

                break;
            case LedgerOperationKind.Hold:
                if (operation.Reference is null)
                {
                    return Refused("a hold needs a reference");
                }

                if (S.Balance < applied)
                {
                    return Refused($"insufficient balance: {S.Balance} available, {applied} needed");
                }

                S.Balance -= applied;
                S.Holds[operation.Reference] = held + applied;
                break;
            case LedgerOperationKind.Capture:
            case LedgerOperationKind.Refund:
                if (operation.Reference is null || held < applied)
                {
                    return Refused($"escrow {operation.Reference} holds {held}, cannot release {applied}");
                }

                if (held == applied)
                {
                    S.Holds.Remove(operation.Reference);
                }
                else
                {
                    S.Holds[operation.Reference] = held - applied;
                }

                if (operation.Kind == LedgerOperationKind.Refund)
                {
                    S.Balance += applied;
                }

                break;
            case LedgerOperationKind.Stake:
                if (S.Balance < applied)
                {
                    return Refused($"insufficient balance to stake: {S.Balance} available");
                }

                S.Balance -= applied;
                S.Stake += applied;
                break;
            case LedgerOperationKind.Unstake:
                if (S.Stake < applied)
                {
                    return Refused($"stake is {S.Stake}, cannot unstake {applied}");
                }

                S.Stake -= applied;
                S.Balance += applied;
                break;
            case LedgerOperationKind.Slash:
                applied = Math.Min(applied, S.Stake);
                S.Stake -= applied;
                break;
            default:
                return Refused($"unknown operation kind {operation.Kind}");
        }

        var entry = new LedgerEntry(++S.Sequence, operation, applied, time.GetUtcNow(), S.Balance, S.Stake, S.Holds.Values.Sum());
        S.Applied[operation.OperationId] = applied;
        S.Entries.Add(entry);
        if (operation.Kind == LedgerOperationKind.Slash)
        {
            S.Slashes.Add(entry);
        }

        if (S.Entries.Count >= 2 * KeepEntries)
        {
            // Archive first, then trim: a crash in between re-archives the same entries, which the page ignores.
            var older = S.Entries.Take(KeepEntries).ToArray();
            await GrainFactory.GetGrain<IAccountHistoryGrain>($"{this.GetPrimaryKeyString()}/{S.ArchivedPages}").Append(older);
            S.Entries.RemoveRange(0, older.Length);
            S.ArchivedPages++;
        }

        await state.WriteStateAsync();
        return new LedgerResult(true, false, null, applied, Snapshot());
    }

    public Task<AccountSnapshot> GetSnapshot() => Task.FromResult(Snapshot());

    public Task<int> CountSlashes(SlashReason reason) =>
        Task.FromResult(S.Slashes.Count(e => e.Operation.SlashReason == reason));

    private LedgerResult Refused(string error) => new(false, false, error, 0, Snapshot());

    private AccountSnapshot Snapshot() => new(
        this.GetPrimaryKeyString(), S.Balance, S.Stake, S.Holds.Values.Sum(), S.Earned,
        S.Entries.TakeLast(RecentEntries).ToArray(),
        S.Slashes.ToArray());
}
