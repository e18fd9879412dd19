namespace Aitbc.Orleans.Blobs;

/// <summary>
/// Content-addressed storage for job tensors, kept out of grain state so a job's state stays small however large its
/// inputs and outputs are. A blob's name is the SHA-256 of its bytes, so storing the same bytes twice stores them once;
/// each store refreshes the blob's retention, and <see cref="SweepAsync"/> deletes blobs not stored since the cutoff.
/// Development keeps blobs in a directory (<see cref="DirectoryBlobStore"/>), production in a PostgreSQL bytea table
/// (<see cref="PostgresBlobStore"/>). Failures throw <see cref="Storage.StorageUnavailableException"/>.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores the bytes durably and returns their SHA-256 in lowercase hex.</summary>
    Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>The bytes stored under the digest, or null when there are none (never stored, or swept after retention).</summary>
    Task<byte[]?> GetAsync(string digest, CancellationToken cancellationToken = default);

    /// <summary>Deletes the blobs last stored before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
