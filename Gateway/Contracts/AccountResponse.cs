using Aitbc.Orleans.Ledger;

namespace Aitbc.Orleans.Gateway.Contracts;

public sealed record AccountResponse(
    string AccountId,
    decimal Balance,
    decimal Stake,
    decimal Escrow,
    decimal Earned,
    IReadOnlyList<string>? Roles,
    IReadOnlyList<LedgerEntry> RecentEntries)
{
    public static AccountResponse From(AccountSnapshot snapshot, IReadOnlyList<string>? roles)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new AccountResponse(
            snapshot.AccountId, snapshot.Balance, snapshot.Stake, snapshot.Escrow, snapshot.Earned, roles, snapshot.RecentEntries);
    }
}
