namespace Aitbc.Orleans.Access;

[GenerateSerializer, Alias("aitbc.OwnerMinersState")]
public sealed class OwnerMinersState
{
    [Id(0)] public List<string> MinerIds { get; set; } = [];
}
