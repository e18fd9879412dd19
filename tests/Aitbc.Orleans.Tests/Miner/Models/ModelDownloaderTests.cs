using System.Collections.Concurrent;
using Aitbc.Orleans.Miner.Models;
using Aitbc.Orleans.Tests.Miner.Inference;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Models;

public sealed class ModelDownloaderTests
{
    private static readonly byte[] Model = RandomBytes(300_000, seed: 1);
    private static readonly string ModelSha = ModelHashing.Sha256Hex(Model);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Downloads_and_verifies_with_progress()
    {
        await using var server = new LoopbackModelServer(Model);
        using var dir = new TestDirectory();
        var destination = Path.Combine(dir.Path, "model.onnx");
        var progress = new RecordingProgress();

        await CreateDownloader(out var http).DownloadAsync(server.ContentUri("m1"), destination, ModelSha, progress, Ct);
        http.Dispose();

        Assert.Equal(Model, await File.ReadAllBytesAsync(destination, Ct));
        Assert.False(File.Exists(destination + ModelDownloader.PartialSuffix));
        Assert.Equal((Model.Length, (long?)Model.Length), progress.Reports[^1]);
        Assert.Equal([null], server.RangeHeaders);
    }

    [Fact]
    public async Task Resumes_with_a_range_request_after_the_connection_drops_halfway()
    {
        await using var server = new LoopbackModelServer(Model);
        server.DropNextResponsesHalfway();
        using var dir = new TestDirectory();
        var destination = Path.Combine(dir.Path, "model.onnx");
        var progress = new RecordingProgress();

        await CreateDownloader(out var http).DownloadAsync(server.ContentUri("m1"), destination, ModelSha, progress, Ct);
        http.Dispose();

        Assert.Equal(Model, await File.ReadAllBytesAsync(destination, Ct));
        Assert.Equal(2, server.RequestCount);
        Assert.Null(server.RangeHeaders[0]);
        Assert.Equal($"bytes={Model.Length / 2}-", server.RangeHeaders[1]);
        Assert.Equal(Model.Length, progress.Reports[^1].Done);
        Assert.Equal(Model.Length, progress.Reports[^1].Total);
    }

    [Fact]
    public async Task Resumes_a_partial_file_left_by_an_earlier_run()
    {
        await using var server = new LoopbackModelServer(Model);
        using var dir = new TestDirectory();
        var destination = Path.Combine(dir.Path, "model.onnx");
        await File.WriteAllBytesAsync(destination + ModelDownloader.PartialSuffix, Model[..1000], Ct);

        await CreateDownloader(out var http).DownloadAsync(server.ContentUri("m1"), destination, ModelSha, null, Ct);
        http.Dispose();

        Assert.Equal(["bytes=1000-"], server.RangeHeaders);
        Assert.Equal(Model, await File.ReadAllBytesAsync(destination, Ct));
    }

    [Fact]
    public async Task Content_with_the_wrong_hash_is_refused_and_deleted()
    {
        await using var server = new LoopbackModelServer(RandomBytes(5000, seed: 2));
        using var dir = new TestDirectory();
        var destination = Path.Combine(dir.Path, "model.onnx");

        var error = await Assert.ThrowsAsync<ModelIntegrityException>(
            () => CreateDownloader(out _).DownloadAsync(server.ContentUri("m1"), destination, ModelSha, null, Ct));

        Assert.Equal(ModelSha, error.ExpectedSha256);
        Assert.Equal(ModelHashing.Sha256Hex(server.Content), error.ActualSha256);
        Assert.False(File.Exists(destination));
        Assert.False(File.Exists(destination + ModelDownloader.PartialSuffix));
    }

    [Fact]
    public void Content_uri_follows_the_gateway_route()
    {
        Assert.Equal(
            "http://gw:8080/v1/models/demo%2Fmlp/content",
            ModelDownloader.ContentUri(new Uri("http://gw:8080/"), "demo/mlp").AbsoluteUri);
    }

    [Fact]
    public void Terminal_progress_printer_rewrites_one_line()
    {
        var output = new StringWriter();
        var printer = new TerminalProgressPrinter(output, "model", new ManualTimeProvider(DateTimeOffset.UnixEpoch));

        printer.Report((512 * 1024, 2 * 1024 * 1024));
        printer.Report((600 * 1024, 2 * 1024 * 1024)); // same instant: throttled
        printer.Report((2 * 1024 * 1024, 2 * 1024 * 1024)); // completion always prints
        printer.Complete();

        Assert.Equal(
            "\rmodel:  25.0% (0.5/2.0 MiB)\rmodel: 100.0% (2.0/2.0 MiB)\rmodel: 100.0% (2.0/2.0 MiB)" + Environment.NewLine,
            output.ToString());
        Assert.Equal("model: 3.0 MiB", TerminalProgressPrinter.Format("model", 3 * 1024 * 1024, null));
    }

    internal static ModelDownloader CreateDownloader(out HttpClient http)
    {
        http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        return new ModelDownloader(http, new CapturingLogger<ModelDownloader>(), new ModelDownloaderOptions { RetryDelay = TimeSpan.FromMilliseconds(10) });
    }

    internal static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private sealed class RecordingProgress : IProgress<(long Done, long? Total)>
    {
        private readonly ConcurrentQueue<(long Done, long? Total)> _reports = new();

        public IReadOnlyList<(long Done, long? Total)> Reports => _reports.ToArray();

        public void Report((long Done, long? Total) value) => _reports.Enqueue(value);
    }
}
