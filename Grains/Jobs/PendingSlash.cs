using Aitbc.Orleans.Ledger;

namespace Aitbc.Orleans.Jobs;

/// <summary>A slash the job decided on and persisted with that decision, applied on the job's next turn (idempotent by incident).</summary>
[GenerateSerializer, Immutable, Alias("aitbc.PendingSlash")]
public sealed record PendingSlash(
    [property: Id(0)] string MinerId,
    [property: Id(1)] SlashReason Reason,
    [property: Id(2)] string IncidentId,
    [property: Id(3)] string Evidence);
