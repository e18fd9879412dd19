namespace Aitbc.Orleans.Staking;

/// <summary>The answer to a stake or unstake request; <see cref="Error"/> says why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.StakeResult")]
public sealed record StakeResult(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] string? Error,
    [property: Id(2)] StakeMovement? Movement,
    [property: Id(3)] StakeView View);
