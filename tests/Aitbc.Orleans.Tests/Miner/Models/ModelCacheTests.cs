using Aitbc.Orleans.Miner.Models;
using Aitbc.Orleans.Tests.Miner.Inference;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Models;

public sealed class ModelCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Second_request_is_served_from_the_cache_without_network()
    {
        var model = ModelDownloaderTests.RandomBytes(10_000, seed: 3);
        var sha = ModelHashing.Sha256Hex(model);
        await using var server = new LoopbackModelServer(model);
        using var dir = new TestDirectory();
        var cache = CreateCache(dir.Path, maxBytes: 1_000_000, out _);

        var first = await cache.GetOrDownloadAsync(sha, server.ContentUri("m"), cancellationToken: Ct);
        var second = await cache.GetOrDownloadAsync(sha, server.ContentUri("m"), cancellationToken: Ct);

        Assert.Equal(first, second);
        Assert.Equal(cache.PathFor(sha), first);
        Assert.Equal(1, server.RequestCount);
        Assert.Equal(model, await File.ReadAllBytesAsync(first, Ct));
    }

    [Fact]
    public async Task Corrupted_cached_file_is_detected_and_downloaded_again()
    {
        var model = ModelDownloaderTests.RandomBytes(10_000, seed: 4);
        var sha = ModelHashing.Sha256Hex(model);
        await using var server = new LoopbackModelServer(model);
        using var dir = new TestDirectory();
        var cache = CreateCache(dir.Path, maxBytes: 1_000_000, out var log);
        var path = await cache.GetOrDownloadAsync(sha, server.ContentUri("m"), cancellationToken: Ct);

        var corrupted = model.ToArray();
        corrupted[1234] ^= 0xFF; // one flipped byte, e.g. disk or copy damage
        await File.WriteAllBytesAsync(path, corrupted, Ct);
        // The rewrite's time must differ from the verified one; within the file system's timestamp tick it may not.
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(2));

        Assert.Null(await cache.TryGetAsync(sha, Ct));
        var again = await cache.GetOrDownloadAsync(sha, server.ContentUri("m"), cancellationToken: Ct);

        Assert.Equal(2, server.RequestCount);
        Assert.Equal(model, await File.ReadAllBytesAsync(again, Ct));
        Assert.Contains(log.Entries, e => e.Message.Contains("is corrupted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_verified_file_is_not_hashed_again_until_its_size_or_write_time_changes()
    {
        var model = ModelDownloaderTests.RandomBytes(50_000, seed: 8);
        var sha = ModelHashing.Sha256Hex(model);
        using var dir = new TestDirectory();
        var cache = CreateCache(dir.Path, maxBytes: 1_000_000, out _);
        var path = await cache.PutAsync(sha, model, Ct);
        var verifiedAt = File.GetLastWriteTimeUtc(path);

        // Same size, same write time, different bytes: only a hash could tell, and a use does not hash.
        var tampered = model.ToArray();
        tampered[100] ^= 0x01;
        await File.WriteAllBytesAsync(path, tampered, Ct);
        File.SetLastWriteTimeUtc(path, verifiedAt);
        Assert.Equal(path, await cache.TryGetAsync(sha, Ct));

        // A changed write time (any later write) makes the next use verify, which finds the damage.
        File.SetLastWriteTimeUtc(path, verifiedAt.AddSeconds(1));
        Assert.Null(await cache.TryGetAsync(sha, Ct));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Verification_survives_a_restart_and_a_file_found_on_disk_is_verified_once()
    {
        var model = ModelDownloaderTests.RandomBytes(20_000, seed: 9);
        var sha = ModelHashing.Sha256Hex(model);
        using var dir = new TestDirectory();
        var path = await CreateCache(dir.Path, maxBytes: 1_000_000, out _).PutAsync(sha, model, Ct);
        var verified = File.GetLastWriteTimeUtc(path);

        var reopened = CreateCache(dir.Path, maxBytes: 1_000_000, out _);
        Assert.Equal(verified, Assert.Single(reopened.Entries).VerifiedWriteTime!.Value.UtcDateTime);

        // Copied in by hand, unknown to the index: unverified until its first use hashes it.
        var other = ModelDownloaderTests.RandomBytes(3_000, seed: 10);
        var otherSha = ModelHashing.Sha256Hex(other);
        await File.WriteAllBytesAsync(reopened.PathFor(otherSha), other, Ct);
        var third = CreateCache(dir.Path, maxBytes: 1_000_000, out _);
        Assert.Null(third.Entries.Single(e => e.Sha256 == otherSha).VerifiedWriteTime);
        Assert.NotNull(await third.TryGetAsync(otherSha, Ct));
        Assert.NotNull(third.Entries.Single(e => e.Sha256 == otherSha).VerifiedWriteTime);
    }

    [Fact]
    public async Task A_use_rewrites_the_index_at_most_once_per_interval()
    {
        var model = ModelDownloaderTests.RandomBytes(1000, seed: 11);
        var sha = ModelHashing.Sha256Hex(model);
        using var dir = new TestDirectory();
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var cache = CreateCache(dir.Path, maxBytes: 1_000_000, out _, clock);
        await cache.PutAsync(sha, model, Ct);
        var index = Path.Combine(dir.Path, "index.json");
        var written = await File.ReadAllTextAsync(index, Ct);

        clock.Advance(TimeSpan.FromSeconds(10));
        await cache.TryGetAsync(sha, Ct);
        Assert.Equal(written, await File.ReadAllTextAsync(index, Ct));
        Assert.Equal(clock.GetUtcNow(), cache.Entries.Single().LastUsed); // the order in memory is exact

        clock.Advance(TimeSpan.FromMinutes(1));
        await cache.TryGetAsync(sha, Ct);
        Assert.NotEqual(written, await File.ReadAllTextAsync(index, Ct));
        Assert.Equal(clock.GetUtcNow(), CreateCache(dir.Path, maxBytes: 1_000_000, out _, clock).Entries.Single().LastUsed);
    }

    [Fact]
    public async Task Server_serving_the_wrong_bytes_leaves_nothing_in_the_cache()
    {
        var expected = ModelDownloaderTests.RandomBytes(2000, seed: 5);
        await using var server = new LoopbackModelServer(ModelDownloaderTests.RandomBytes(2000, seed: 6));
        using var dir = new TestDirectory();
        var cache = CreateCache(dir.Path, maxBytes: 1_000_000, out _);
        var sha = ModelHashing.Sha256Hex(expected);

        await Assert.ThrowsAsync<ModelIntegrityException>(() => cache.GetOrDownloadAsync(sha, server.ContentUri("m"), cancellationToken: Ct));

        Assert.Null(await cache.TryGetAsync(sha, Ct));
        Assert.Empty(cache.Entries);
    }

    [Fact]
    public async Task Least_recently_used_model_is_evicted_when_over_the_size_limit()
    {
        var models = Enumerable.Range(10, 3).Select(seed => ModelDownloaderTests.RandomBytes(1000, seed)).ToArray();
        var shas = models.Select(m => ModelHashing.Sha256Hex(m)).ToArray();
        using var dir = new TestDirectory();
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var cache = CreateCache(dir.Path, maxBytes: 2500, out _, clock);

        await cache.PutAsync(shas[0], models[0], Ct);
        clock.Advance(TimeSpan.FromMinutes(1));
        await cache.PutAsync(shas[1], models[1], Ct);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.NotNull(await cache.TryGetAsync(shas[0], Ct)); // model 0 is now more recent than model 1
        clock.Advance(TimeSpan.FromMinutes(1));
        await cache.PutAsync(shas[2], models[2], Ct);

        Assert.Equal([shas[0], shas[2]], cache.Entries.Select(e => e.Sha256));
        Assert.False(File.Exists(cache.PathFor(shas[1])));
        Assert.Equal(2000, cache.TotalBytes);

        // The index survives a restart, last-use order included.
        var reopened = CreateCache(dir.Path, maxBytes: 2500, out _, clock);
        Assert.Equal(cache.Entries, reopened.Entries);
    }

    [Fact]
    public async Task A_model_larger_than_the_limit_is_still_kept_while_it_is_the_one_in_use()
    {
        var big = ModelDownloaderTests.RandomBytes(4000, seed: 20);
        using var dir = new TestDirectory();
        var cache = CreateCache(dir.Path, maxBytes: 1000, out _);

        var path = await cache.PutAsync(ModelHashing.Sha256Hex(big), big, Ct);

        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Put_refuses_bytes_that_do_not_match_the_hash_and_names_must_be_hashes()
    {
        using var dir = new TestDirectory();
        var cache = CreateCache(dir.Path, maxBytes: 1000, out _);

        await Assert.ThrowsAsync<ModelIntegrityException>(() => cache.PutAsync(new string('a', 64), new byte[] { 1 }, Ct));
        Assert.Throws<ArgumentException>(() => cache.PathFor("../../etc/passwd"));
    }

    private static ModelCache CreateCache(string directory, long maxBytes, out CapturingLogger<ModelCache> log, TimeProvider? time = null)
    {
        log = new CapturingLogger<ModelCache>();
        return new ModelCache(
            new ModelCacheOptions { Directory = directory, MaxBytes = maxBytes },
            ModelDownloaderTests.CreateDownloader(out _),
            log,
            time);
    }
}
