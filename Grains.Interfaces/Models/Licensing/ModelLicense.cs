namespace Aitbc.Orleans.Models.Licensing;

/// <summary>
/// A model's license as the marketplace enforces it: an SPDX id or custom terms, whether commercial use is allowed,
/// which uses are allowed (empty: any), the attribution the owner asks for, and the royalty per inference owed to the
/// owner (credited through the ledger when a job settles).
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.ModelLicense")]
public sealed record ModelLicense(
    [property: Id(0)] string? SpdxId,
    [property: Id(1)] string? CustomTerms,
    [property: Id(2)] bool CommercialUse,
    [property: Id(3)] IReadOnlyList<ModelUse> AllowedUses,
    [property: Id(4)] string? Attribution,
    [property: Id(5)] decimal RoyaltyPerInference)
{
    /// <summary>The license of a model uploaded without terms: commercial use and every use allowed, no royalty.</summary>
    public static ModelLicense Open(string? spdxId) => new(spdxId, null, true, [], null, 0);

    /// <summary>The short label (SPDX id, "custom", or "unspecified").</summary>
    public string Label => SpdxId ?? (CustomTerms is not null ? "custom" : "unspecified");

    /// <summary>Why a job with this use is not permitted, or null when it is.</summary>
    public string? Refuses(ModelUse use)
    {
        if (use == ModelUse.Commercial && !CommercialUse)
        {
            return $"the model's license ({Label}) does not allow commercial use";
        }

        if (AllowedUses.Count > 0 && !AllowedUses.Contains(use))
        {
            return $"the model's license ({Label}) allows only {string.Join(", ", AllowedUses.Select(u => u.ToString().ToLowerInvariant()))} use, not {use.ToString().ToLowerInvariant()}";
        }

        return null;
    }
}
