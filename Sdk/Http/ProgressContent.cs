using System.Net;
using Aitbc.Orleans.Sdk.Contracts;

namespace Aitbc.Orleans.Sdk.Http;

/// <summary>A request body copied from a stream in 64 KiB pieces, reporting the bytes sent after each.</summary>
internal sealed class ProgressContent(Stream source, long? length, IProgress<TransferProgress>? progress) : HttpContent
{
    private const int ChunkSize = 64 * 1024;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = new byte[ChunkSize];
        long sent = 0;
        progress?.Report(new TransferProgress(0, length));
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            sent += read;
            progress?.Report(new TransferProgress(sent, length));
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length1)
    {
        length1 = length ?? -1;
        return length is not null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            source.Dispose();
        }

        base.Dispose(disposing);
    }
}
