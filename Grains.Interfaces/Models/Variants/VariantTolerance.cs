namespace Aitbc.Orleans.Models.Variants;

/// <summary>
/// What a variant must meet to be deployable. Value outputs: relative L2 ≤ <see cref="MaxRelativeL2"/>. Classifier
/// outputs: top-1 agreement ≥ <see cref="MinTop1Agreement"/> when set, else the relative-L2 bound. Label (integer)
/// outputs: agreement ≥ <see cref="MinTop1Agreement"/>, or exact agreement when unset.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.VariantTolerance")]
public sealed record VariantTolerance(
    [property: Id(0)] double MaxRelativeL2,
    [property: Id(1)] double? MinTop1Agreement);
