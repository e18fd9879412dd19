namespace Aitbc.Orleans.Ledger;

[GenerateSerializer, Immutable, Alias("aitbc.LedgerResult")]
public sealed record LedgerResult(
    [property: Id(0)] bool Applied,
    [property: Id(1)] bool Duplicate,
    [property: Id(2)] string? Error,
    [property: Id(3)] decimal AppliedAmount,
    [property: Id(4)] AccountSnapshot Account);
