using Aitbc.Orleans.Miner.Models;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// A model to run, identified by content hash and variant (e.g. "fp32", "fp16"): together with the provider they
/// key the session cache. Holds either the bytes or a path to a file whose hash the caller has verified.
/// </summary>
public sealed class InferenceModel
{
    public const string DefaultVariant = "default";

    private InferenceModel(string sha256, string variant, byte[]? bytes, string? path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sha256);
        ArgumentException.ThrowIfNullOrWhiteSpace(variant);
        Sha256 = sha256.ToLowerInvariant();
        Variant = variant;
        Bytes = bytes;
        FilePath = path;
    }

    public string Sha256 { get; }

    public string Variant { get; }

    public byte[]? Bytes { get; }

    public string? FilePath { get; }

    public static InferenceModel FromBytes(byte[] bytes, string variant = DefaultVariant) =>
        new(ModelHashing.Sha256Hex(bytes), variant, bytes, null);

    /// <summary>A model file, e.g. from <see cref="ModelCache"/>, which has already checked <paramref name="sha256"/>.</summary>
    public static InferenceModel FromFile(string path, string sha256, string variant = DefaultVariant) => new(sha256, variant, null, path);

    public override string ToString() => $"{Sha256[..Math.Min(12, Sha256.Length)]}/{Variant}";
}
