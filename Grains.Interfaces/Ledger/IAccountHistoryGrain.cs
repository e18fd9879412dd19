namespace Aitbc.Orleans.Ledger;

/// <summary>
/// A page of an account's older ledger entries, key "{accountId}/{page}". Accounts keep their recent entries in their
/// own state and move older ones here, so that a busy account's every write does not rewrite its whole history.
/// </summary>
[Alias("aitbc.IAccountHistoryGrain")]
public interface IAccountHistoryGrain : IGrainWithStringKey
{
    [Alias("Append")]
    Task Append(IReadOnlyList<LedgerEntry> entries);

    [Alias("Read")]
    Task<IReadOnlyList<LedgerEntry>> Read();
}
