namespace Aitbc.Orleans.Fleet;

[GenerateSerializer, Alias("aitbc.CloudPoolState")]
public sealed class CloudPoolState
{
    [Id(0)] public List<CloudOffer> Offers { get; set; } = [];
}
