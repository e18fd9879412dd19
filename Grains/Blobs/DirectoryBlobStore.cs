using System.Security.Cryptography;
using Aitbc.Orleans.Storage;

namespace Aitbc.Orleans.Blobs;

/// <summary>
/// Development blob store: one file per blob under {Directory}/{first two hex digits}/{digest}, written to a temporary
/// name and renamed into place, so a reader never sees half a blob. A file's modification time is its last store, for
/// retention. Reads check the digest, so a damaged file reads as absent rather than as wrong data.
/// </summary>
public sealed class DirectoryBlobStore(string directory) : IBlobStore
{
    public string Root { get; } = directory;

    public async Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        var path = PathOf(digest);
        try
        {
            if (File.Exists(path))
            {
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
                return digest;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            await File.WriteAllBytesAsync(temporary, content, cancellationToken);
            File.Move(temporary, path, overwrite: true);
            return digest;
        }
        catch (IOException ex)
        {
            throw StorageUnavailableException.From("blob store write", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw StorageUnavailableException.From("blob store write", ex);
        }
    }

    public async Task<byte[]?> GetAsync(string digest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(digest);
        if (!IsDigest(digest))
        {
            return null;
        }

        try
        {
            var bytes = await File.ReadAllBytesAsync(PathOf(digest), cancellationToken);
            return Convert.ToHexStringLower(SHA256.HashData(bytes)) == digest ? bytes : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (IOException ex)
        {
            throw StorageUnavailableException.From("blob store read", ex);
        }
    }

    public Task<int> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Root))
        {
            return Task.FromResult(0);
        }

        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (File.GetLastWriteTimeUtc(file) < cutoff.UtcDateTime)
                {
                    File.Delete(file);
                    deleted++;
                }
            }
            catch (IOException)
            {
                // Stored again or removed meanwhile: the next sweep decides.
            }
        }

        return Task.FromResult(deleted);
    }

    private string PathOf(string digest) => Path.Combine(Root, digest[..2], digest);

    private static bool IsDigest(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigitLower);
}
