using Aitbc.Orleans.Fleet.Profiles;

namespace Aitbc.Orleans.Models.Variants;

/// <summary>
/// A model variant's identity and measured quality, stored with the variant. A variant that did not pass is never
/// deployed (the original runs instead). <see cref="Sha256"/> is null when no variant could be produced at all.
/// </summary>
/// <param name="WeightBytes">Bytes of the variant's initializers at their element width; <see cref="OriginalWeightBytes"/> likewise for the original.</param>
/// <param name="RelativeL2">Worst relative L2 error over the floating-point outputs; null when not measured.</param>
/// <param name="Top1Agreement">Worst top-1 agreement over the classifier outputs; null when there are none.</param>
/// <param name="Samples">Generated inputs (rows of the batch dimension) both models ran.</param>
/// <param name="Method">What the conversion did, in words.</param>
[GenerateSerializer, Immutable, Alias("aitbc.ModelVariantReport")]
public sealed record ModelVariantReport(
    [property: Id(0)] Precision Precision,
    [property: Id(1)] bool Passed,
    [property: Id(2)] string? FailureReason,
    [property: Id(3)] string? Sha256,
    [property: Id(4)] long SizeBytes,
    [property: Id(5)] long WeightBytes,
    [property: Id(6)] long OriginalWeightBytes,
    [property: Id(7)] double? RelativeL2,
    [property: Id(8)] double? Top1Agreement,
    [property: Id(9)] IReadOnlyList<VariantOutputError> Outputs,
    [property: Id(10)] int Samples,
    [property: Id(11)] int Seed,
    [property: Id(12)] VariantTolerance? Tolerance,
    [property: Id(13)] string Method)
{
    /// <summary>Variant weights ÷ original weights, or null when the original has none.</summary>
    public double? WeightRatio => OriginalWeightBytes > 0 ? WeightBytes / (double)OriginalWeightBytes : null;
}
