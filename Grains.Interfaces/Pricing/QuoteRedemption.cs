namespace Aitbc.Orleans.Pricing;

[GenerateSerializer, Immutable, Alias("aitbc.QuoteRedemption")]
public sealed record QuoteRedemption(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] Quote? Quote,
    [property: Id(2)] string? Error);
