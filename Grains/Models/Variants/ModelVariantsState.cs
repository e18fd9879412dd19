using Aitbc.Orleans.Models.Variants;

namespace Aitbc.Orleans.Models;

[GenerateSerializer, Alias("aitbc.ModelVariantsState")]
public sealed class ModelVariantsState
{
    [Id(0)] public VariantBuildStatus Status { get; set; }
    [Id(1)] public List<StoredModelVariant> Variants { get; set; } = [];
    [Id(2)] public string? Error { get; set; }

    /// <summary>Builds started and not finished (a build that keeps taking its silo down is given up after a few).</summary>
    [Id(3)] public int Attempts { get; set; }
}
