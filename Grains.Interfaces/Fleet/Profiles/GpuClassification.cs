namespace Aitbc.Orleans.Fleet.Profiles;

/// <summary>Result of mapping a reported device name to a profile.</summary>
/// <param name="Profile">The catalogue profile, or a generic one built from the reported figures.</param>
/// <param name="IsKnown">Whether <paramref name="Profile"/> came from the catalogue.</param>
/// <param name="MatchedAlias">The catalogue name or alias that matched (it may belong to a memory variant of the chosen profile); null for unknown devices.</param>
/// <param name="Confidence">0 for unknown devices, 1 for an exact name match that needed no guessing.</param>
[GenerateSerializer, Immutable, Alias("aitbc.GpuClassification")]
public sealed record GpuClassification(
    [property: Id(0)] GpuProfile Profile,
    [property: Id(1)] bool IsKnown,
    [property: Id(2)] string? MatchedAlias,
    [property: Id(3)] double Confidence);
