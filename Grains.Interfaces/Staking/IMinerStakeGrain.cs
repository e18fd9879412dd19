using Orleans.Concurrency;

namespace Aitbc.Orleans.Staking;

/// <summary>
/// One miner's stake, key: the miner id. The owner stakes from its own account and unstakes back to it after a
/// cool-down; every movement is a ledger operation with an id derived from the request id, so a retried request
/// moves money once. Routing needs a minimum stake per GPU (see <see cref="StakeView.GpusCovered"/>).
/// </summary>
[Alias("aitbc.IMinerStakeGrain")]
public interface IMinerStakeGrain : IGrainWithStringKey
{
    /// <summary>Moves <paramref name="amount"/> from the owner's balance into the miner's stake.</summary>
    [Alias("Stake")]
    Task<StakeResult> Stake(string ownerAccountId, decimal amount, string requestId);

    /// <summary>Starts a cool-down for <paramref name="amount"/>: it stops counting for routing now, stays slashable, and returns to the owner after the cool-down.</summary>
    [Alias("RequestUnstake")]
    Task<StakeResult> RequestUnstake(string ownerAccountId, decimal amount, string requestId);

    [Alias("Get")]
    Task<StakeView> Get();

    /// <summary>The stake that counts for routing: staked, less what is cooling down. Interleaves (the miner grain asks while the stake grain tells it).</summary>
    [Alias("GetRoutableStake"), AlwaysInterleave]
    Task<decimal> GetRoutableStake();

    /// <summary>Returns unstakes whose cool-down has passed and finishes interrupted movements (a reminder calls it too).</summary>
    [Alias("ReleaseDue")]
    Task<StakeView> ReleaseDue();
}
