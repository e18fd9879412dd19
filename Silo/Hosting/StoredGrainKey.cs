using System.Text;

namespace Aitbc.Orleans.Silo.Hosting;

/// <summary>
/// The key columns of a grain's row in <c>aitbc_grain_state</c>, derived from the state name and the grain id exactly as
/// the ADO.NET storage provider (Microsoft.Orleans.Persistence.AdoNet 10.x, its default hasher) derives them, so that a
/// row written here is the row it reads and clears, and the reverse. A Guid or integer key goes in N0/N1 with its key
/// extension; any other key is the extension column alone. The id hash is Orleans' stable hash of the key's bytes
/// (the Guid's or the integer's, then the extension's UTF-8) in reverse order; the type hash that of the state name's
/// UTF-8. Hashes only narrow the index: the row is matched on every column.
/// </summary>
public sealed record StoredGrainKey(int IdHash, long N0, long N1, int TypeHash, string Type, string? Extension)
{
    public static StoredGrainKey For(string stateName, GrainId grainId)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);

        // The provider rewrites generic type names (with a backtick) before it stores them; state names are plain words.
        if (stateName.Contains('`', StringComparison.Ordinal))
        {
            throw new NotSupportedException($"State name {stateName} names a generic type: the batched writer stores plain state names only");
        }

        long n0 = 0, n1 = 0;
        string? extension;
        byte[] keyBytes;
        if (grainId.TryGetGuidKey(out var guid, out extension))
        {
            var bytes = guid.ToByteArray();
            n0 = BitConverter.ToInt64(bytes, 0);
            n1 = BitConverter.ToInt64(bytes, 8);
            keyBytes = WithExtension(bytes, extension);
        }
        else if (grainId.TryGetIntegerKey(out var number, out extension))
        {
            n1 = number;
            keyBytes = WithExtension(BitConverter.GetBytes(number), extension);
        }
        else
        {
            extension = grainId.Key.ToString();
            keyBytes = Encoding.UTF8.GetBytes(extension);
        }

        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(keyBytes);
        }

        return new StoredGrainKey(
            (int)StableHash.ComputeHash(keyBytes), n0, n1, (int)StableHash.ComputeHash(Encoding.UTF8.GetBytes(stateName)), stateName, extension);
    }

    private static byte[] WithExtension(byte[] key, string? extension) =>
        extension is null ? key : [.. key, .. Encoding.UTF8.GetBytes(extension)];
}
