namespace Aitbc.Orleans.Ledger;

/// <summary>The last batch sequence applied from one paying account, and when.</summary>
[GenerateSerializer, Alias("aitbc.InboxSource")]
public sealed class InboxSource
{
    [Id(0)] public long LastSequence { get; set; }
    [Id(1)] public DateTimeOffset LastAt { get; set; }
}
