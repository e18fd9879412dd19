namespace Aitbc.Orleans.Staking;

[GenerateSerializer, Alias("aitbc.StakeState")]
public sealed class StakeState
{
    /// <summary>Unfinished movements, and the most recent finished ones, oldest first.</summary>
    [Id(0)] public List<StakeMovement> Movements { get; set; } = [];
}
