namespace Aitbc.Orleans.Staking;

/// <summary>
/// A miner's stake: what is staked on its ledger account, what is cooling down, what counts for routing, and how
/// many of its GPUs that covers at the minimum stake per GPU.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.StakeView")]
public sealed record StakeView(
    [property: Id(0)] string MinerId,
    [property: Id(1)] string? OwnerAccountId,
    [property: Id(2)] decimal Staked,
    [property: Id(3)] decimal CoolingDown,
    [property: Id(4)] decimal Routable,
    [property: Id(5)] decimal MinimumPerGpu,
    [property: Id(6)] int GpuCount,
    [property: Id(7)] int GpusCovered,
    [property: Id(8)] IReadOnlyList<StakeMovement> Movements);
