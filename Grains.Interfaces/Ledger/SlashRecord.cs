namespace Aitbc.Orleans.Ledger;

/// <summary>One applied slash, as the operators' slash log keeps it: who, why, how much, when, and the evidence.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.SlashRecord")]
public sealed record SlashRecord(
    [property: Id(0)] string MinerId,
    [property: Id(1)] SlashReason Reason,
    [property: Id(2)] decimal Amount,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string IncidentId,
    [property: Id(5)] string Evidence);
