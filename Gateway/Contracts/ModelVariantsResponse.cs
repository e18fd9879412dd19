using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Models.Variants;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>GET /v1/models/{id}/variants: fp32 (the upload) first, then fp16 and int8 once built.</summary>
public sealed record ModelVariantsResponse(string ModelId, VariantBuildStatus BuildStatus, string? BuildError, IReadOnlyList<ModelVariantResponse> Variants)
{
    public static ModelVariantsResponse From(ModelInfo model, ModelVariantSet set)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(set);
        var original = new ModelVariantResponse(
            Precision.Fp32, true, model.Sha256, model.SizeBytes, 0, 1, 0, null, 0, null, "fp32: the uploaded model.");
        return new ModelVariantsResponse(model.ModelId, set.Status, set.Error, [original, .. set.Variants.Select(ModelVariantResponse.From)]);
    }
}
