namespace Aitbc.Orleans.Ledger;

[GenerateSerializer, Alias("aitbc.AccountState")]
public sealed class AccountState
{
    [Id(0)] public decimal Balance { get; set; }
    [Id(1)] public decimal Stake { get; set; }
    [Id(2)] public Dictionary<string, decimal> Holds { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public List<LedgerEntry> Entries { get; set; } = [];
    [Id(4)] public Dictionary<string, LedgerEntry> Applied { get; set; } = new(StringComparer.Ordinal);
    [Id(5)] public long Sequence { get; set; }
    [Id(6)] public decimal Earned { get; set; }
}
