namespace Aitbc.Orleans.Pricing;

[GenerateSerializer, Immutable, Alias("aitbc.PriceBreakdown")]
public sealed record PriceBreakdown(
    [property: Id(0)] decimal BasePrice,
    [property: Id(1)] PriceMultipliers Multipliers,
    [property: Id(2)] decimal Price,
    [property: Id(3)] bool FloorApplied);
