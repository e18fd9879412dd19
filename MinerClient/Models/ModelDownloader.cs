using System.Net;
using System.Net.Http.Headers;
using Aitbc.Orleans.Miner.Telemetry;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Miner.Models;

/// <summary>
/// Downloads a model over HTTP into "&lt;destination&gt;.partial", resuming with "Range: bytes=N-" after a dropped
/// connection (in this attempt or a previous run), then checks the SHA-256 before moving the file into place.
/// Bytes that fail the check are deleted, never used. Each transfer's rate feeds the rig's bandwidth figure.
/// </summary>
public sealed class ModelDownloader(HttpClient http, ILogger<ModelDownloader> logger, ModelDownloaderOptions? options = null, BandwidthMeter? bandwidth = null)
{
    public const string PartialSuffix = ".partial";

    private readonly ModelDownloaderOptions _options = options ?? new ModelDownloaderOptions();

    /// <summary>The gateway's content endpoint for a model: GET /v1/models/{id}/content (supports Range).</summary>
    public static Uri ContentUri(Uri gatewayBase, string modelId) =>
        new(gatewayBase, $"v1/models/{Uri.EscapeDataString(modelId)}/content");

    /// <summary>A quantized variant's bytes (precision "fp16" or "int8").</summary>
    public static Uri VariantContentUri(Uri gatewayBase, string modelId, string precision) =>
        new(gatewayBase, $"v1/models/{Uri.EscapeDataString(modelId)}/variants/{Uri.EscapeDataString(precision)}/content");

    public async Task DownloadAsync(
        Uri source,
        string destinationPath,
        string expectedSha256,
        IProgress<(long Done, long? Total)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var partialPath = destinationPath + PartialSuffix;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await FetchAsync(source, partialPath, progress, cancellationToken);
                break;
            }
            catch (Exception ex) when (IsTransient(ex) && attempt < _options.MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                var have = File.Exists(partialPath) ? new FileInfo(partialPath).Length : 0;
                logger.LogWarning(
                    "Download of {Source} interrupted at {Bytes} bytes ({Reason}); resuming, attempt {Next}/{Max}",
                    source, have, ex.Message, attempt + 1, _options.MaxAttempts);
                await Task.Delay(_options.RetryDelay, cancellationToken);
            }
        }

        var actual = await ModelHashing.Sha256HexOfFileAsync(partialPath, cancellationToken);
        if (!ModelHashing.HashesEqual(actual, expectedSha256))
        {
            File.Delete(partialPath);
            logger.LogError("Download of {Source} failed verification: expected sha256 {Expected}, got {Actual}", source, expectedSha256, actual);
            throw new ModelIntegrityException(expectedSha256, actual);
        }

        File.Move(partialPath, destinationPath, overwrite: true);
        logger.LogInformation("Downloaded {Source} to {Path} (sha256 verified)", source, destinationPath);
    }

    private async Task FetchAsync(Uri source, string partialPath, IProgress<(long Done, long? Total)>? progress, CancellationToken cancellationToken)
    {
        var existing = File.Exists(partialPath) ? new FileInfo(partialPath).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, source);
        if (existing > 0)
        {
            request.Headers.Range = new RangeHeaderValue(existing, null);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && existing > 0)
        {
            // Nothing after byte N: the partial file is already complete (or too long, which the hash check catches).
            progress?.Report((existing, existing));
            return;
        }

        response.EnsureSuccessStatusCode();
        var resumed = response.StatusCode == HttpStatusCode.PartialContent;
        if (resumed && response.Content.Headers.ContentRange?.From != existing)
        {
            throw new IOException($"Server resumed at byte {response.Content.Headers.ContentRange?.From} instead of {existing}.");
        }

        if (existing > 0 && !resumed)
        {
            logger.LogInformation("Server ignored the range request for {Source}; downloading from the start", source);
            existing = 0;
        }

        long? total = resumed ? response.Content.Headers.ContentRange?.Length : response.Content.Headers.ContentLength;
        var expectedBody = response.Content.Headers.ContentLength;

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var file = new FileStream(
            partialPath, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, _options.BufferSize, useAsync: true);
        var buffer = new byte[_options.BufferSize];
        long received = 0;
        var transfer = bandwidth?.Start();
        progress?.Report((existing, total));
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            received += read;
            transfer?.Add(read);
            progress?.Report((existing + received, total));
        }

        await file.FlushAsync(cancellationToken);
        transfer?.Finish();
        if (expectedBody is { } length && received != length)
        {
            throw new IOException($"Connection closed after {received} of {length} bytes.");
        }
    }

    private static bool IsTransient(Exception ex) => ex switch
    {
        IOException => true,
        HttpRequestException { StatusCode: null } => true, // connection-level failure
        HttpRequestException { StatusCode: { } code } => (int)code >= 500 || code == HttpStatusCode.RequestTimeout,
        TaskCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };
}
