using Aitbc.Orleans.Models.Licensing;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>A model's license as the marketplace enforces it.</summary>
public sealed record ModelLicenseResponse(
    string? SpdxId,
    string? CustomTerms,
    bool CommercialUse,
    IReadOnlyList<ModelUse> AllowedUses,
    string? Attribution,
    decimal RoyaltyPerInference)
{
    public static ModelLicenseResponse From(ModelLicense license)
    {
        ArgumentNullException.ThrowIfNull(license);
        return new ModelLicenseResponse(
            license.SpdxId, license.CustomTerms, license.CommercialUse, license.AllowedUses, license.Attribution, license.RoyaltyPerInference);
    }
}
