namespace Aitbc.Orleans.Miner.Models;

/// <summary>
/// One cached model file as recorded in the cache index. <paramref name="VerifiedWriteTime"/> is the file's last-write
/// time when its SHA-256 was last checked: while size and write time are unchanged the file is trusted without
/// hashing it again; null means the file has not been verified (e.g. found on disk but not in the index).
/// </summary>
public sealed record ModelCacheEntry(string Sha256, long SizeBytes, DateTimeOffset LastUsed, DateTimeOffset? VerifiedWriteTime = null);
