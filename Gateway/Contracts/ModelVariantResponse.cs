using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Models.Variants;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// One variant of a model: its precision, size and SHA-256, the error measured against fp32 (relative L2 over the
/// float outputs, top-1 agreement over classifier heads, on generated inputs), and whether it may be deployed.
/// </summary>
public sealed record ModelVariantResponse(
    Precision Precision,
    bool Deployable,
    string? Sha256,
    long SizeBytes,
    long WeightBytes,
    double? WeightRatio,
    double? RelativeL2,
    double? Top1Agreement,
    int Samples,
    string? FailureReason,
    string Method)
{
    public static ModelVariantResponse From(StoredModelVariant variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        var r = variant.Report;
        return new ModelVariantResponse(
            r.Precision, variant.Deployable, r.Sha256, r.SizeBytes, r.WeightBytes, r.WeightRatio, Finite(r.RelativeL2), r.Top1Agreement, r.Samples,
            r.FailureReason, r.Method);
    }

    // JSON has no infinity: a variant that produced NaN or ∞ reads as null error with its failure reason.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
