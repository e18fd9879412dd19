using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Models;

/// <summary>
/// Content-addressed model files ("&lt;sha256&gt;.onnx") in one directory, bounded by <see cref="MaxBytes"/> with
/// least-recently-used eviction. Last use lives in "index.json" (timestamps from the injected TimeProvider), so
/// order survives restarts. A file is hashed once, when it is downloaded or stored, and again only when its size or
/// last-write time changes (or it was found on disk without a verified index entry); a corrupted copy is discarded
/// and fetched again. (A rewrite that keeps the size within one tick of the file system's timestamps goes unnoticed
/// until the file next changes.) A use rewrites the index at most once per <see cref="ModelCacheOptions.IndexWriteInterval"/>.
/// </summary>
public sealed class ModelCache
{
    public const string FileExtension = ".onnx";
    private const string IndexFileName = "index.json";

    private static readonly JsonSerializerOptions IndexJson = new() { WriteIndented = true };

    private readonly ModelDownloader _downloader;
    private readonly ILogger<ModelCache> _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _indexLock = new(1, 1);
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelCacheEntry> _entries;
    private readonly TimeSpan _indexWriteInterval;
    private DateTimeOffset _indexWritten = DateTimeOffset.MinValue;

    public ModelCache(ModelCacheOptions options, ModelDownloader downloader, ILogger<ModelCache> logger, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBytes, 1);
        DirectoryPath = Path.GetFullPath(options.Directory);
        MaxBytes = options.MaxBytes;
        _downloader = downloader;
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;
        _indexWriteInterval = options.IndexWriteInterval;
        Directory.CreateDirectory(DirectoryPath);
        _entries = LoadIndex();
    }

    public string DirectoryPath { get; }

    public long MaxBytes { get; }

    public long TotalBytes
    {
        get
        {
            lock (_entries)
            {
                return _entries.Values.Sum(e => e.SizeBytes);
            }
        }
    }

    /// <summary>Entries from least to most recently used.</summary>
    public IReadOnlyList<ModelCacheEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.Values.OrderBy(e => e.LastUsed).ThenBy(e => e.Sha256, StringComparer.Ordinal).ToArray();
            }
        }
    }

    public string PathFor(string sha256) => Path.Combine(DirectoryPath, NormalizeSha(sha256) + FileExtension);

    /// <summary>
    /// Path of the verified model file, downloading it from <paramref name="source"/> when it is missing or
    /// corrupted. Concurrent requests for the same model share one download.
    /// </summary>
    public Task<string> GetOrDownloadAsync(
        string sha256,
        Uri source,
        IProgress<(long Done, long? Total)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var sha = NormalizeSha(sha256);
        var lazy = _inFlight.GetOrAdd(sha, key => new Lazy<Task<string>>(() => FetchAsync(key, source, progress, cancellationToken)));
        return AwaitAndForget(sha, lazy);
    }

    /// <summary>
    /// Path of the cached model if present and intact; a corrupted file is deleted and null returned. The file is
    /// hashed only when it has not been verified at its current size and write time.
    /// </summary>
    public async Task<string?> TryGetAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var sha = NormalizeSha(sha256);
        var path = PathFor(sha);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return null;
        }

        ModelCacheEntry? known;
        lock (_entries)
        {
            _entries.TryGetValue(sha, out known);
        }

        var writeTime = WriteTimeOf(file);
        if (known?.VerifiedWriteTime == writeTime && known.SizeBytes == file.Length)
        {
            await TouchAsync(sha, file.Length, verifiedWriteTime: writeTime, forceIndexWrite: false, cancellationToken);
            return path;
        }

        var actual = await ModelHashing.Sha256HexOfFileAsync(path, cancellationToken);
        if (!ModelHashing.HashesEqual(actual, sha))
        {
            _logger.LogWarning("Cached model {Sha256} is corrupted (hashes to {Actual}); deleting it", sha, actual);
            await RemoveAsync(sha, cancellationToken);
            return null;
        }

        await TouchAsync(sha, file.Length, verifiedWriteTime: writeTime, forceIndexWrite: true, cancellationToken);
        return path;
    }

    /// <summary>Stores model bytes the miner already has (e.g. the built-in demo model) after checking their hash.</summary>
    public async Task<string> PutAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var sha = NormalizeSha(sha256);
        var actual = ModelHashing.Sha256Hex(content.Span);
        if (!ModelHashing.HashesEqual(actual, sha))
        {
            throw new ModelIntegrityException(sha, actual);
        }

        var path = PathFor(sha);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, content.ToArray(), cancellationToken);
        File.Move(temporary, path, overwrite: true);
        await TouchAsync(sha, content.Length, WriteTimeOf(new FileInfo(path)), forceIndexWrite: true, cancellationToken);
        return path;
    }

    public async Task<bool> RemoveAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var sha = NormalizeSha(sha256);
        await _indexLock.WaitAsync(cancellationToken);
        try
        {
            bool removed;
            lock (_entries)
            {
                removed = _entries.Remove(sha);
            }

            var path = PathFor(sha);
            if (File.Exists(path))
            {
                File.Delete(path);
                removed = true;
            }

            SaveIndex();
            return removed;
        }
        finally
        {
            _indexLock.Release();
        }
    }

    private async Task<string> AwaitAndForget(string sha, Lazy<Task<string>> lazy)
    {
        try
        {
            return await lazy.Value;
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(sha, lazy));
        }
    }

    private async Task<string> FetchAsync(string sha, Uri source, IProgress<(long Done, long? Total)>? progress, CancellationToken cancellationToken)
    {
        var cached = await TryGetAsync(sha, cancellationToken);
        if (cached is not null)
        {
            return cached;
        }

        var path = PathFor(sha);
        _logger.LogInformation("Model {Sha256} not cached; downloading from {Source}", sha, source);
        // The downloader checks the SHA-256 before the file takes its final name: this is the one hash of a download.
        await _downloader.DownloadAsync(source, path, sha, progress, cancellationToken);
        var file = new FileInfo(path);
        await TouchAsync(sha, file.Length, WriteTimeOf(file), forceIndexWrite: true, cancellationToken);
        return path;
    }

    /// <summary>
    /// Marks a model used now (and verified at <paramref name="verifiedWriteTime"/>), then evicts least recently used
    /// models until the cache fits. The index is written when something other than the last use changed, or when the
    /// last write is older than the interval.
    /// </summary>
    private async Task TouchAsync(string sha, long size, DateTimeOffset verifiedWriteTime, bool forceIndexWrite, CancellationToken cancellationToken)
    {
        await _indexLock.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            lock (_entries)
            {
                _entries[sha] = new ModelCacheEntry(sha, size, now, verifiedWriteTime);
            }

            if (EvictOverLimit(keep: sha) || forceIndexWrite || now - _indexWritten >= _indexWriteInterval)
            {
                SaveIndex();
            }
        }
        finally
        {
            _indexLock.Release();
        }
    }

    private static DateTimeOffset WriteTimeOf(FileInfo file) => new(file.LastWriteTimeUtc, TimeSpan.Zero);

    /// <summary>Deletes least recently used files until the cache fits; true when it deleted any.</summary>
    private bool EvictOverLimit(string keep)
    {
        var evicted = false;
        foreach (var victim in Entries)
        {
            if (TotalBytes <= MaxBytes)
            {
                return evicted;
            }

            // The model just used is never evicted, even when it alone exceeds the limit: the job needs it.
            if (victim.Sha256 == keep)
            {
                continue;
            }

            lock (_entries)
            {
                _entries.Remove(victim.Sha256);
            }

            File.Delete(PathFor(victim.Sha256));
            evicted = true;
            _logger.LogInformation(
                "Evicted model {Sha256} ({Bytes} bytes, last used {LastUsed:O}) to keep the cache under {Max} bytes",
                victim.Sha256, victim.SizeBytes, victim.LastUsed, MaxBytes);
        }

        return evicted;
    }

    private Dictionary<string, ModelCacheEntry> LoadIndex()
    {
        var entries = new Dictionary<string, ModelCacheEntry>(StringComparer.Ordinal);
        var indexPath = Path.Combine(DirectoryPath, IndexFileName);
        if (File.Exists(indexPath))
        {
            try
            {
                foreach (var entry in JsonSerializer.Deserialize<ModelCacheEntry[]>(File.ReadAllText(indexPath), IndexJson) ?? [])
                {
                    entries[entry.Sha256] = entry;
                }
            }
            catch (JsonException ex)
            {
                _logger.LogWarning("Model cache index {Path} is unreadable ({Reason}); rebuilding it from the files", indexPath, ex.Message);
            }
        }

        // The files are the truth: drop entries whose file vanished, adopt files the index does not know.
        var onDisk = Directory.EnumerateFiles(DirectoryPath, "*" + FileExtension)
            .Select(p => new FileInfo(p))
            .Where(f => IsSha(Path.GetFileNameWithoutExtension(f.Name)))
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f.Name), StringComparer.Ordinal);
        foreach (var sha in entries.Keys.Where(k => !onDisk.ContainsKey(k)).ToList())
        {
            entries.Remove(sha);
        }

        // A file the index does not know is unverified; one whose size or write time changed fails the check on use.
        foreach (var (sha, file) in onDisk)
        {
            entries[sha] = entries.TryGetValue(sha, out var known)
                ? known with { SizeBytes = file.Length, VerifiedWriteTime = known.SizeBytes == file.Length ? known.VerifiedWriteTime : null }
                : new ModelCacheEntry(sha, file.Length, WriteTimeOf(file));
        }

        return entries;
    }

    private void SaveIndex()
    {
        var indexPath = Path.Combine(DirectoryPath, IndexFileName);
        var temporary = indexPath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(Entries, IndexJson));
        File.Move(temporary, indexPath, overwrite: true);
        _indexWritten = _time.GetUtcNow();
    }

    /// <summary>The hash becomes a file name, so anything but 64 hex digits is rejected (no path tricks).</summary>
    private static string NormalizeSha(string sha256)
    {
        var sha = sha256.Trim().ToLowerInvariant();
        return IsSha(sha) ? sha : throw new ArgumentException($"'{sha256}' is not a SHA-256 hex digest.", nameof(sha256));
    }

    private static bool IsSha(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigitLower);
}
