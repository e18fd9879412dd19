namespace Aitbc.Orleans.Staking;

[GenerateSerializer, Alias("aitbc.StakeMovementKind")]
public enum StakeMovementKind
{
    Stake = 0,
    Unstake = 1,
}
