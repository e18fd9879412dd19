namespace Aitbc.Orleans.Models.Variants;

/// <summary>One output's error of a variant against the original over the generated samples.</summary>
/// <param name="RelativeL2">‖variant − original‖₂ / ‖original‖₂ over all elements; +∞ when the variant produced NaN or ∞.</param>
/// <param name="MaxAbsoluteError">Largest element-wise difference.</param>
/// <param name="Agreement">Classifier: fraction of rows with the same arg-max; labels: fraction of equal elements; else null.</param>
[GenerateSerializer, Immutable, Alias("aitbc.VariantOutputError")]
public sealed record VariantOutputError(
    [property: Id(0)] string Name,
    [property: Id(1)] VariantOutputKind Kind,
    [property: Id(2)] double RelativeL2,
    [property: Id(3)] double MaxAbsoluteError,
    [property: Id(4)] double? Agreement);
