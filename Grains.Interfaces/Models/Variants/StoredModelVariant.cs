namespace Aitbc.Orleans.Models.Variants;

/// <summary>
/// One variant as the cluster keeps it: its report, and where its bytes are (chunk grains keyed by its own SHA-256,
/// like an original's, so identical bytes are stored once). No chunks for a variant that did not pass: it is never
/// deployed, so it is not kept.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.StoredModelVariant")]
public sealed record StoredModelVariant(
    [property: Id(0)] ModelVariantReport Report,
    [property: Id(1)] int ChunkCount)
{
    /// <summary>Passed its tolerance and has stored bytes: the only kind of variant routing and miners use.</summary>
    public bool Deployable => Report.Passed && Report.Sha256 is not null && ChunkCount > 0;
}
