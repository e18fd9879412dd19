namespace Aitbc.Orleans.Staking;

/// <summary>Bound from "Aitbc:Staking".</summary>
public sealed class StakingOptions
{
    /// <summary>
    /// How long an unstake waits before the money returns to the owner. Meanwhile it no longer counts for routing but can
    /// still be slashed, so a miner cannot misbehave and withdraw before the evidence lands.
    /// </summary>
    public TimeSpan UnstakeCooldown { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Finished movements kept in the grain's state (the ledger keeps every one).</summary>
    public int FinishedMovementsKept { get; set; } = 50;

    public int MaxRequestIdLength { get; set; } = 128;
}
