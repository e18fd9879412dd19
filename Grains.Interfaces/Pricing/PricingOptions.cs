namespace Aitbc.Orleans.Pricing;

/// <summary>Bound from "Aitbc:Pricing". Figures from the plan.</summary>
public sealed class PricingOptions
{
    /// <summary>Inference: per unit of work (complexity 1 = one unit).</summary>
    public decimal InferenceBase { get; set; } = 0.001m;

    /// <summary>Training: per hour (complexity = hours).</summary>
    public decimal TrainingBasePerHour { get; set; } = 0.01m;

    /// <summary>
    /// Private (homomorphically encrypted) inference: per unit of work, 50× plaintext inference. Measured on the same
    /// CPU (docs/BENCHMARKS.md, scenario fhe), evaluating the demo models on ciphertexts takes 10⁴–10⁵ times the
    /// plaintext run and moves megabytes of keys and ciphertexts instead of bytes; but a plaintext job's cost is
    /// dominated by the round trip, dispatch and settlement, which are the same, so the premium is set on the order
    /// of the miner's extra CPU time (tens of milliseconds per input against about a millisecond of overhead).
    /// </summary>
    public decimal PrivateInferenceBase { get; set; } = 0.05m;

    public TimeSpan QuoteLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public string Currency { get; set; } = "AITBC";
}
