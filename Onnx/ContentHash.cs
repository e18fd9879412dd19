using System.Security.Cryptography;

namespace Aitbc.Orleans.Onnx;

/// <summary>SHA-256 as lower-case hex: the content address of a model (and of each of its variants) everywhere in the system.</summary>
internal static class ContentHash
{
    public static string Sha256Hex(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
