namespace Aitbc.Orleans.Ledger;

/// <summary>
/// The fleet's newest slashes for operators (each miner's account keeps its own; this is the cross-miner view).
/// One instance, key 0. Bounded: the newest <see cref="MaxRecords"/>.
/// </summary>
[Alias("aitbc.ISlashLogGrain")]
public interface ISlashLogGrain : IGrainWithIntegerKey
{
    public const int MaxRecords = 256;

    /// <summary>Adds a slash once per incident id (a repeated call is ignored).</summary>
    [Alias("Record")]
    Task Record(SlashRecord record);

    /// <summary>Newest first.</summary>
    [Alias("List")]
    Task<IReadOnlyList<SlashRecord>> List();
}
