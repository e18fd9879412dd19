using System.Security.Cryptography;
using Aitbc.Orleans.Blobs;

namespace Aitbc.Orleans.Tests.Blobs;

/// <summary>What every blob store must do, checked against the directory store and the PostgreSQL store alike.</summary>
public static class BlobStoreContract
{
    public static async Task StoresByContentAndReadsBack(IBlobStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var ct = TestContext.Current.CancellationToken;
        var content = RandomNumberGenerator.GetBytes(4096);

        var digest = await store.PutAsync(content, ct);
        var again = await store.PutAsync(content.ToArray(), ct);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), digest);
        Assert.Equal(digest, again);
        Assert.Equal(content, await store.GetAsync(digest, ct));
        Assert.Null(await store.GetAsync(new string('0', 64), ct));
    }

    /// <summary>A sweep deletes what was last stored before its cutoff and keeps what was stored after it.</summary>
    public static async Task SweepsWhatIsPastRetention(IBlobStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var ct = TestContext.Current.CancellationToken;
        var old = await store.PutAsync(RandomNumberGenerator.GetBytes(128), ct);
        var cutoff = DateTimeOffset.UtcNow;
        await Task.Delay(20, ct);
        var fresh = await store.PutAsync(RandomNumberGenerator.GetBytes(128), ct);

        Assert.True(await store.SweepAsync(cutoff, ct) >= 1);

        Assert.Null(await store.GetAsync(old, ct));
        Assert.NotNull(await store.GetAsync(fresh, ct));
    }
}
