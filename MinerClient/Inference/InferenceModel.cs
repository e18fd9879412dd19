using Aitbc.Orleans.Miner.Models;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// A model to run, identified by content hash and variant: together with the provider they key the session cache.
/// A variant is just another model file with a precision tag ("fp32", "fp16", "int8"; "default" for the file as
/// uploaded): the engine runs whichever it is given, and placement measures each. Holds either the bytes or a path to
/// a file whose hash the caller has verified, and optionally the signature the model was registered with, which the
/// loaded session must match.
/// </summary>
public sealed class InferenceModel
{
    public const string DefaultVariant = "default";
    public const string Fp32 = "fp32";
    public const string Fp16 = "fp16";
    public const string Int8 = "int8";

    private InferenceModel(string sha256, string variant, byte[]? bytes, string? path, ModelSignature? declared)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sha256);
        ArgumentException.ThrowIfNullOrWhiteSpace(variant);
        Sha256 = sha256.ToLowerInvariant();
        Variant = variant;
        Bytes = bytes;
        FilePath = path;
        DeclaredSignature = declared;
    }

    public string Sha256 { get; }

    public string Variant { get; }

    public byte[]? Bytes { get; }

    public string? FilePath { get; }

    /// <summary>The signature the cluster registered for this model; null when the caller has none.</summary>
    public ModelSignature? DeclaredSignature { get; }

    /// <summary>Size of the model file, which sizes the provider's memory arena and the session cache's estimate.</summary>
    public long SizeBytes => Bytes?.LongLength ?? (FilePath is not null && File.Exists(FilePath) ? new FileInfo(FilePath).Length : 0);

    public static InferenceModel FromBytes(byte[] bytes, string variant = DefaultVariant, ModelSignature? declared = null) =>
        new(ModelHashing.Sha256Hex(bytes), variant, bytes, null, declared);

    /// <summary>A model file, e.g. from <see cref="ModelCache"/>, which has already checked <paramref name="sha256"/>.</summary>
    public static InferenceModel FromFile(string path, string sha256, string variant = DefaultVariant, ModelSignature? declared = null) =>
        new(sha256, variant, null, path, declared);

    public override string ToString() => $"{Sha256[..Math.Min(12, Sha256.Length)]}/{Variant}";
}
