namespace Aitbc.Orleans.Sdk.Contracts;

/// <summary>Every factor of a price: price = base × each of these, floored at half the base.</summary>
public sealed record PriceMultipliers(
    decimal LatencyClass,
    decimal Capability,
    decimal LatencyPerformance,
    decimal QueueDemand,
    decimal Utilisation,
    decimal TimeOfDay,
    decimal Complexity);
