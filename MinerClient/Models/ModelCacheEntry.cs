namespace Aitbc.Orleans.Miner.Models;

/// <summary>One cached model file as recorded in the cache index.</summary>
public sealed record ModelCacheEntry(string Sha256, long SizeBytes, DateTimeOffset LastUsed);
