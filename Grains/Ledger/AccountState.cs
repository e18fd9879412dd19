namespace Aitbc.Orleans.Ledger;

[GenerateSerializer, Alias("aitbc.AccountState")]
public sealed class AccountState
{
    [Id(0)] public decimal Balance { get; set; }
    [Id(1)] public decimal Stake { get; set; }
    [Id(2)] public Dictionary<string, decimal> Holds { get; set; } = new(StringComparer.Ordinal);
    /// <summary>The recent entries; older ones are archived in pages (IAccountHistoryGrain).</summary>
    [Id(3)] public List<LedgerEntry> Entries { get; set; } = [];

    /// <summary>Every applied operation id with the amount it moved: what makes a repeated id a no-op.</summary>
    [Id(4)] public Dictionary<string, decimal> Applied { get; set; } = new(StringComparer.Ordinal);
    [Id(5)] public long Sequence { get; set; }
    [Id(6)] public decimal Earned { get; set; }
    [Id(7)] public List<LedgerEntry> Slashes { get; set; } = [];
    [Id(8)] public int ArchivedPages { get; set; }
}
