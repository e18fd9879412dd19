namespace Aitbc.Orleans.Ledger;

[GenerateSerializer, Alias("aitbc.SlashLogState")]
public sealed class SlashLogState
{
    /// <summary>Oldest first.</summary>
    [Id(0)] public List<SlashRecord> Records { get; set; } = [];
}
