using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Routing;

namespace Aitbc.Orleans.Models.Variants;

/// <summary>A model's quantized variants (fp16, int8) and how their build went. The fp32 original is the model itself.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.ModelVariantSet")]
public sealed record ModelVariantSet(
    [property: Id(0)] string ModelId,
    [property: Id(1)] VariantBuildStatus Status,
    [property: Id(2)] IReadOnlyList<StoredModelVariant> Variants,
    [property: Id(3)] string? Error)
{
    public StoredModelVariant? Find(Precision precision) => Variants.FirstOrDefault(v => v.Report.Precision == precision);

    /// <summary>The deployable variant of a precision, or null (none built, or it missed its tolerance).</summary>
    public StoredModelVariant? Deployable(Precision precision) => Find(precision) is { Deployable: true } v ? v : null;

    /// <summary>The sizes routing fits against: the original's, and each quantized variant that passed.</summary>
    public ModelSizes Sizes(long originalBytes) =>
        new(originalBytes, Deployable(Precision.Fp16)?.Report.SizeBytes, Deployable(Precision.Int8)?.Report.SizeBytes);
}
