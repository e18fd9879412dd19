namespace Aitbc.Orleans.Models;

/// <summary>How the cluster builds a model's variants (section "Aitbc:Models").</summary>
public sealed class ModelVariantBuildOptions
{
    /// <summary>Generated inputs each variant is measured on against fp32 (the tolerances are stated for 1,000).</summary>
    public int VariantSamples { get; set; } = 1000;
}
