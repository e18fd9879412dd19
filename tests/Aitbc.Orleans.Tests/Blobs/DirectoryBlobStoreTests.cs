using Aitbc.Orleans.Blobs;

namespace Aitbc.Orleans.Tests.Blobs;

public sealed class DirectoryBlobStoreTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("aitbc-blob-tests-");

    [Fact]
    public Task Stores_by_content_and_reads_back() => BlobStoreContract.StoresByContentAndReadsBack(new DirectoryBlobStore(_root.FullName));

    [Fact]
    public Task Sweeps_what_is_past_retention() => BlobStoreContract.SweepsWhatIsPastRetention(new DirectoryBlobStore(_root.FullName));

    [Fact]
    public async Task A_damaged_blob_reads_as_absent_not_as_wrong_data()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new DirectoryBlobStore(_root.FullName);
        var digest = await store.PutAsync(new byte[] { 1, 2, 3, 4 }, ct);
        await File.WriteAllBytesAsync(Path.Combine(_root.FullName, digest[..2], digest), [9, 9, 9, 9], ct);

        Assert.Null(await store.GetAsync(digest, ct));
    }

    public void Dispose() => _root.Delete(recursive: true);
}
