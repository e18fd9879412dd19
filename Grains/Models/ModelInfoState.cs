namespace Aitbc.Orleans.Models;

[GenerateSerializer, Alias("aitbc.ModelInfoState")]
public sealed class ModelInfoState
{
    [Id(0)] public ModelInfo? Info { get; set; }
}
