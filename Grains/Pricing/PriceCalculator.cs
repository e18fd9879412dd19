using Aitbc.Orleans.Jobs;

namespace Aitbc.Orleans.Pricing;

/// <summary>
/// The base is per job type: inference, private (encrypted) inference at 50× (PricingOptions.PrivateInferenceBase
/// says why), training per hour.
/// price = base × latency class × capability × latency performance × queue demand × utilisation × time of day
/// × complexity, never under 0.5 × base.
/// <list type="bullet">
/// <item>latency class: realtime 3.0, fast 2.0, standard 1.0, economy 0.7;</item>
/// <item>capability: 0.75 + 0.5 × score (score in [0,1] from QoS and capability), so within ±25%;</item>
/// <item>latency performance (realtime only): 0.8 when the average RTT is under 100 ms, 1.5 when over 200 ms;</item>
/// <item>queue demand: 1 + 0.5 × min(1, queue / slots), up to +50%;</item>
/// <item>utilisation: 0.8 + 0.4 × utilisation, ±20% around half load;</item>
/// <item>time of day (UTC): 1.2 from 18:00 to 23:00, 0.8 from 02:00 to 06:00;</item>
/// <item>complexity: as given, clamped to [0.01, 10000].</item>
/// </list>
/// </summary>
public sealed class PriceCalculator(PricingOptions options)
{
    public PriceBreakdown Compute(PriceInputs input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var basePrice = input.JobType switch
        {
            JobType.Training => options.TrainingBasePerHour,
            JobType.PrivateInference => options.PrivateInferenceBase,
            _ => options.InferenceBase,
        };
        var m = new PriceMultipliers(
            LatencyClass: LatencyClassMultiplier(input.LatencyClass),
            Capability: 0.75m + 0.5m * (decimal)Math.Clamp(input.CapabilityScore, 0, 1),
            LatencyPerformance: LatencyPerformance(input.LatencyClass, input.AverageRttMs),
            QueueDemand: 1m + 0.5m * (decimal)Math.Min(1, input.QueueLength / (double)Math.Max(1, input.TotalSlots)),
            Utilisation: 0.8m + 0.4m * (decimal)Math.Clamp(input.Utilisation, 0, 1),
            TimeOfDay: TimeOfDay(input.At),
            Complexity: (decimal)Math.Clamp(input.Complexity, 0.01, 10000));

        var raw = basePrice * m.LatencyClass * m.Capability * m.LatencyPerformance * m.QueueDemand * m.Utilisation * m.TimeOfDay * m.Complexity;
        var floor = 0.5m * basePrice;
        var price = decimal.Round(Math.Max(raw, floor), 8, MidpointRounding.AwayFromZero);
        return new PriceBreakdown(basePrice, m, price, raw < floor);
    }

    public static decimal LatencyClassMultiplier(LatencyClass latencyClass) => latencyClass switch
    {
        LatencyClass.Realtime => 3.0m,
        LatencyClass.Fast => 2.0m,
        LatencyClass.Standard => 1.0m,
        LatencyClass.Economy => 0.7m,
        _ => throw new ArgumentOutOfRangeException(nameof(latencyClass)),
    };

    public static decimal LatencyPerformance(LatencyClass latencyClass, double averageRttMs)
    {
        if (latencyClass != LatencyClass.Realtime || averageRttMs <= 0)
        {
            return 1.0m;
        }

        return averageRttMs < 100 ? 0.8m : averageRttMs > 200 ? 1.5m : 1.0m;
    }

    public static decimal TimeOfDay(DateTimeOffset at)
    {
        var hour = at.UtcDateTime.Hour;
        return hour is >= 18 and < 23 ? 1.2m : hour is >= 2 and < 6 ? 0.8m : 1.0m;
    }
}
