using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Pricing;
using BenchmarkDotNet.Attributes;

namespace Aitbc.Orleans.Benchmarks.Micro;

/// <summary>PriceCalculator.Compute against the bare decimal product of its seven multipliers (the arithmetic floor).</summary>
[MemoryDiagnoser]
public class PricingBenchmarks
{
    private const int Inputs = 256;
    private readonly PriceCalculator _calculator = new(new PricingOptions());
    private PriceInputs[] _inputs = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(12);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _inputs = [.. Enumerable.Range(0, Inputs).Select(i => new PriceInputs(
            i % 5 == 0 ? JobType.Training : JobType.Inference,
            (LatencyClass)(i % 4),
            rng.NextDouble(),
            rng.NextDouble() * 300,
            rng.Next(0, 200),
            rng.Next(1, 100),
            rng.NextDouble(),
            start.AddMinutes(i * 37),
            rng.NextDouble() * 10))];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Inputs, Description = "7 decimal multiplies (floor)")]
    public decimal MultiplierProduct()
    {
        var sum = 0m;
        for (var i = 0; i < Inputs; i++)
        {
            var x = _inputs[i];
            sum += 0.001m * 1.0m * (0.75m + 0.5m * (decimal)x.CapabilityScore) * 1.0m * 1.25m * (0.8m + 0.4m * (decimal)x.Utilisation) * 1.2m * (decimal)x.Complexity;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Inputs, Description = "PriceCalculator.Compute")]
    public decimal Compute()
    {
        var sum = 0m;
        for (var i = 0; i < Inputs; i++)
        {
            sum += _calculator.Compute(_inputs[i]).Price;
        }

        return sum;
    }
}
