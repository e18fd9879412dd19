namespace Aitbc.Orleans.Ledger;

/// <summary>
/// One requested movement. Idempotency is bounded: escrow steps (Hold, Capture, Refund, Settle) are idempotent by their
/// Reference (a hold is taken once while open, and released once); every other kind (Credit, Stake, Unstake, Slash) by
/// OperationId within the account's last <c>AccountGrain.OperationWindow</c> operations of those kinds. A Settle may carry
/// a model's Royalty for RoyaltyPayee, paid out of the amount captured like the fee (so exactly once with it).
/// A Hold that WatchesJob is a job's (its Reference is the job id): while it is open, the account nudges the job every
/// watchdog period, so that a job whose activation was lost comes back and a submission that never became durable is
/// refunded, with no other registry of unfinished jobs to write.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.LedgerOperation")]
public sealed record LedgerOperation(
    [property: Id(0)] string OperationId,
    [property: Id(1)] LedgerOperationKind Kind,
    [property: Id(2)] decimal Amount,
    [property: Id(3)] string Reason,
    [property: Id(4)] string? Reference = null,
    [property: Id(5)] SlashReason? SlashReason = null,
    [property: Id(6)] string? Evidence = null,
    [property: Id(7)] string? Counterparty = null,
    [property: Id(8)] decimal Fee = 0,
    [property: Id(9)] decimal Royalty = 0,
    [property: Id(10)] string? RoyaltyPayee = null,
    [property: Id(11)] bool WatchesJob = false);
