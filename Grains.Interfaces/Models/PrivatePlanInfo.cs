namespace Aitbc.Orleans.Models;

/// <summary>
/// A model compiled for private inference: the plan (binary form of an EncryptedPlan: weights in plaintext, which the
/// miner sees anyway) and how it maps onto the model's signature, or the reason the model cannot run privately.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.PrivatePlanInfo")]
public sealed record PrivatePlanInfo(
    [property: Id(0)] string ModelId,
    [property: Id(1)] string? Refusal,
    [property: Id(2)] byte[]? Plan,
    [property: Id(3)] string? InputName,
    [property: Id(4)] long[]? InputShape,
    [property: Id(5)] string? OutputName,
    [property: Id(6)] long[]? OutputShape)
{
    public bool Supported => Refusal is null && Plan is not null;
}
