using Aitbc.Orleans.Jobs;

namespace Aitbc.Orleans.Pricing;

/// <summary>Everything the price formula reads, so it stays a pure function that tests can check by hand.</summary>
public sealed record PriceInputs(
    JobType JobType,
    LatencyClass LatencyClass,
    double CapabilityScore,
    double AverageRttMs,
    int QueueLength,
    int TotalSlots,
    double Utilisation,
    DateTimeOffset At,
    double Complexity);
