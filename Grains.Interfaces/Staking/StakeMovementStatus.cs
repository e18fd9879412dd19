namespace Aitbc.Orleans.Staking;

[GenerateSerializer, Alias("aitbc.StakeMovementStatus")]
public enum StakeMovementStatus
{
    /// <summary>Decided and persisted; its ledger steps are being applied (resumed after a crash).</summary>
    InProgress = 0,

    /// <summary>A stake that reached the miner's stake.</summary>
    Applied = 1,

    /// <summary>Refused by the ledger (not enough balance or stake); nothing moved.</summary>
    Refused = 2,

    /// <summary>An unstake waiting for its cool-down; still slashable, no longer routable.</summary>
    CoolingDown = 3,

    /// <summary>An unstake returned to the owner (possibly less than asked, after slashes).</summary>
    Released = 4,
}
