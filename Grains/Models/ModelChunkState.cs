namespace Aitbc.Orleans.Models;

[GenerateSerializer, Alias("aitbc.ModelChunkState")]
public sealed class ModelChunkState
{
    [Id(0)] public byte[]? Data { get; set; }
}
