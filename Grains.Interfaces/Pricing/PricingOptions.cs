namespace Aitbc.Orleans.Pricing;

/// <summary>Bound from "Aitbc:Pricing". Figures from the plan.</summary>
public sealed class PricingOptions
{
    /// <summary>Inference: per unit of work (complexity 1 = one unit).</summary>
    public decimal InferenceBase { get; set; } = 0.001m;

    /// <summary>Training: per hour (complexity = hours).</summary>
    public decimal TrainingBasePerHour { get; set; } = 0.01m;

    public TimeSpan QuoteLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public string Currency { get; set; } = "AITBC";
}
