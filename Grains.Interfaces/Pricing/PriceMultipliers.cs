namespace Aitbc.Orleans.Pricing;

/// <summary>Every factor of a price, so a quote can show its working.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.PriceMultipliers")]
public sealed record PriceMultipliers(
    [property: Id(0)] decimal LatencyClass,
    [property: Id(1)] decimal Capability,
    [property: Id(2)] decimal LatencyPerformance,
    [property: Id(3)] decimal QueueDemand,
    [property: Id(4)] decimal Utilisation,
    [property: Id(5)] decimal TimeOfDay,
    [property: Id(6)] decimal Complexity);
