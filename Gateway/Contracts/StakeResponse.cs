using Aitbc.Orleans.Staking;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// A miner's stake: staked on its ledger account, cooling down (unstaked, returned to the owner at releaseAt), what
/// counts for routing, and how many of its GPUs that covers at the minimum stake per GPU.
/// </summary>
public sealed record StakeResponse(
    string MinerId,
    string? OwnerAccountId,
    decimal Staked,
    decimal CoolingDown,
    decimal Routable,
    decimal MinimumPerGpu,
    int GpuCount,
    int GpusCovered,
    StakeMovement? Movement,
    IReadOnlyList<StakeMovement> Movements)
{
    public static StakeResponse From(StakeView view, StakeMovement? movement = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.MinerId, view.OwnerAccountId, view.Staked, view.CoolingDown, view.Routable, view.MinimumPerGpu, view.GpuCount,
            view.GpusCovered, movement, view.Movements);
    }
}
