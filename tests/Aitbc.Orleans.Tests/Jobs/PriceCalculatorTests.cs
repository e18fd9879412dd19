using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Pricing;

namespace Aitbc.Orleans.Tests.Jobs;

public sealed class PriceCalculatorTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private readonly PriceCalculator _calculator = new(new PricingOptions());

    [Fact]
    public void Standard_inference_at_midday_with_neutral_demand_costs_the_base_price()
    {
        // capability 0.5 → 1.0; utilisation 0.5 → 1.0; no queue → 1.0; noon → 1.0.
        var price = _calculator.Compute(new PriceInputs(JobType.Inference, LatencyClass.Standard, 0.5, 50, 0, 10, 0.5, Noon, 1));
        Assert.Equal(0.001m, price.Price);
        Assert.False(price.FloorApplied);
    }

    [Fact]
    public void Private_inference_is_priced_from_its_own_base_at_fifty_times_plaintext_inference()
    {
        var plain = _calculator.Compute(new PriceInputs(JobType.Inference, LatencyClass.Fast, 0.7, 120, 3, 10, 0.6, Noon, 1));
        var encrypted = _calculator.Compute(new PriceInputs(JobType.PrivateInference, LatencyClass.Fast, 0.7, 120, 3, 10, 0.6, Noon, 1));

        Assert.Equal(new PricingOptions().PrivateInferenceBase, encrypted.BasePrice);
        Assert.Equal(plain.Multipliers, encrypted.Multipliers);
        // Both are rounded to 8 decimals.
        Assert.InRange(encrypted.Price, 50m * plain.Price - 0.000001m, 50m * plain.Price + 0.000001m);
    }

    [Fact]
    public void Realtime_in_the_evening_with_a_full_queue_multiplies_every_factor()
    {
        // 0.001 × 3.0 (realtime) × 1.25 (capability 1.0) × 1.5 (avg RTT 250 ms) × 1.5 (queue ≥ slots) × 1.2 (util 1.0)
        // × 1.2 (19:00 UTC) × 2 (complexity) = 0.0243
        var at = new DateTimeOffset(2026, 11, 27, 19, 0, 0, TimeSpan.Zero);
        var price = _calculator.Compute(new PriceInputs(JobType.Inference, LatencyClass.Realtime, 1.0, 250, 20, 10, 1.0, at, 2));
        Assert.Equal(0.0243m, price.Price);
        Assert.Equal(3.0m, price.Multipliers.LatencyClass);
        Assert.Equal(1.25m, price.Multipliers.Capability);
        Assert.Equal(1.5m, price.Multipliers.LatencyPerformance);
        Assert.Equal(1.5m, price.Multipliers.QueueDemand);
        Assert.Equal(1.2m, price.Multipliers.Utilisation);
        Assert.Equal(1.2m, price.Multipliers.TimeOfDay);
        Assert.Equal(2m, price.Multipliers.Complexity);
    }

    [Fact]
    public void Realtime_with_a_fast_region_gets_the_latency_discount()
    {
        // 0.001 × 3.0 × 1.0 × 0.8 (avg RTT 60 ms) × 1.0 × 1.0 × 1.0 = 0.0024
        var price = _calculator.Compute(new PriceInputs(JobType.Inference, LatencyClass.Realtime, 0.5, 60, 0, 10, 0.5, Noon, 1));
        Assert.Equal(0.0024m, price.Price);
    }

    [Fact]
    public void Economy_at_night_on_an_idle_weak_region_hits_the_floor()
    {
        // 0.001 × 0.7 × 0.75 × 1.0 × 1.0 × 0.8 (idle) × 0.8 (03:00 UTC) × 1.0 = 0.000336 < floor 0.0005
        var at = new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
        var price = _calculator.Compute(new PriceInputs(JobType.Inference, LatencyClass.Economy, 0.0, 50, 0, 10, 0.0, at, 1));
        Assert.Equal(0.0005m, price.Price);
        Assert.True(price.FloorApplied);
    }

    [Fact]
    public void Training_is_priced_per_hour_from_its_own_base()
    {
        // 0.01 × 1.0 (standard) × 1.0 × 1.0 × 1.25 (queue half the slots) × 1.0 × 1.0 × 3 hours = 0.0375
        var price = _calculator.Compute(new PriceInputs(JobType.Training, LatencyClass.Standard, 0.5, 50, 5, 10, 0.5, Noon, 3));
        Assert.Equal(0.0375m, price.Price);
    }

    [Theory]
    [InlineData(17, 1.0)]
    [InlineData(18, 1.2)]
    [InlineData(22, 1.2)]
    [InlineData(23, 1.0)]
    [InlineData(1, 1.0)]
    [InlineData(2, 0.8)]
    [InlineData(5, 0.8)]
    [InlineData(6, 1.0)]
    public void Time_of_day_bands_are_in_utc(int hour, double expected) =>
        Assert.Equal((decimal)expected, PriceCalculator.TimeOfDay(new DateTimeOffset(2026, 11, 27, hour, 30, 0, TimeSpan.Zero)));
}
