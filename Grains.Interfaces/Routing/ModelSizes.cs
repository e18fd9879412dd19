using Aitbc.Orleans.Fleet.Profiles;

namespace Aitbc.Orleans.Routing;

/// <summary>
/// The sizes of a model's variants that may be deployed: the fp32 original always, fp16 and int8 only when they were
/// built and passed their tolerance (null otherwise). Routing fits a GPU against these real sizes.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.ModelSizes")]
public sealed record ModelSizes(
    [property: Id(0)] long Fp32Bytes,
    [property: Id(1)] long? Fp16Bytes,
    [property: Id(2)] long? Int8Bytes)
{
    public static ModelSizes OriginalOnly(long bytes) => new(bytes, null, null);

    public long? Of(Precision precision) => precision switch
    {
        Precision.Fp32 => Fp32Bytes,
        Precision.Fp16 => Fp16Bytes,
        _ => Int8Bytes,
    };

    /// <summary>The smallest deployable variant (of the pinned precision only, when one is pinned): a lower bound for pruning.</summary>
    public long Smallest(Precision? pinned = null) =>
        pinned is { } p ? Of(p) ?? long.MaxValue : Math.Min(Fp32Bytes, Math.Min(Fp16Bytes ?? long.MaxValue, Int8Bytes ?? long.MaxValue));
}
