using System.Security.Cryptography;

namespace Aitbc.Orleans.Miner.Models;

/// <summary>SHA-256 as lower-case hex: the content address of a model everywhere in the system.</summary>
public static class ModelHashing
{
    public static string Sha256Hex(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static async Task<string> Sha256HexOfFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }

    public static bool HashesEqual(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
