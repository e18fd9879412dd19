namespace Aitbc.Orleans.Models.Variants;

/// <summary>Where a model's quantized variants stand: asked for, built (passed or not), or the build itself failed.</summary>
[GenerateSerializer, Alias("aitbc.VariantBuildStatus")]
public enum VariantBuildStatus
{
    None = 0,
    Pending = 1,
    Built = 2,
    Failed = 3,
}
