namespace Aitbc.Orleans.Staking;

/// <summary>One stake or unstake request and where it stands. <see cref="Amount"/> is what moved (or will move).</summary>
[GenerateSerializer, Immutable, Alias("aitbc.StakeMovement")]
public sealed record StakeMovement(
    [property: Id(0)] string RequestId,
    [property: Id(1)] StakeMovementKind Kind,
    [property: Id(2)] string OwnerAccountId,
    [property: Id(3)] decimal Requested,
    [property: Id(4)] decimal Amount,
    [property: Id(5)] StakeMovementStatus Status,
    [property: Id(6)] DateTimeOffset RequestedAt,
    [property: Id(7)] DateTimeOffset? ReleaseAt = null,
    [property: Id(8)] string? Error = null);
