using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace Aitbc.Orleans.Tests.Miner.Models;

/// <summary>
/// A real HTTP server on 127.0.0.1 serving one model at /v1/models/{id}/content like the gateway: full body or a
/// "Range: bytes=N-" slice (206). It can drop the connection halfway through a response to exercise resume.
/// </summary>
public sealed class LoopbackModelServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<string?> _rangeHeaders = new();
    private int _dropsLeft;

    public LoopbackModelServer(byte[] content)
    {
        Content = content;
        var port = Fixtures.LoopbackPorts.Next();
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUri.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseUri { get; }

    /// <summary>The bytes served; replace to simulate a server handing out the wrong file.</summary>
    public byte[] Content { get; set; }

    /// <summary>Range header of every request, in order (null when the request had none).</summary>
    public IReadOnlyList<string?> RangeHeaders => _rangeHeaders.ToArray();

    public int RequestCount => _rangeHeaders.Count;

    /// <summary>The next <paramref name="times"/> responses stop after half their body and reset the connection.</summary>
    public void DropNextResponsesHalfway(int times = 1) => Interlocked.Exchange(ref _dropsLeft, times);

    public Uri ContentUri(string modelId) => new(BaseUri, $"v1/models/{modelId}/content");

    public async ValueTask DisposeAsync()
    {
        try
        {
            _listener.Stop();

            // Closing re-resolves the port's endpoint listener, which throws when another test has since bound
            // that port; the listener is finished either way.
            _listener.Close();
        }
        catch (HttpListenerException)
        {
        }

        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => RespondAsync(context));
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var range = request.Headers["Range"];
        _rangeHeaders.Enqueue(range);
        var content = Content;
        try
        {
            if (!request.Url!.AbsolutePath.EndsWith("/content", StringComparison.Ordinal))
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }

            long start = 0;
            if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
            {
                start = long.Parse(range["bytes=".Length..^1], CultureInfo.InvariantCulture);
                if (start >= content.Length)
                {
                    response.StatusCode = 416;
                    response.Headers["Content-Range"] = $"bytes */{content.Length}";
                    response.Close();
                    return;
                }

                response.StatusCode = 206;
                response.Headers["Content-Range"] = $"bytes {start}-{content.Length - 1}/{content.Length}";
            }

            response.Headers["Accept-Ranges"] = "bytes";
            response.ContentType = "application/octet-stream";
            var body = content.AsMemory((int)start);
            response.ContentLength64 = body.Length;
            if (Interlocked.Decrement(ref _dropsLeft) >= 0)
            {
                await response.OutputStream.WriteAsync(body[..(body.Length / 2)]);
                await response.OutputStream.FlushAsync();
                await Task.Delay(200); // let the client take in the first half before the reset
                response.Abort(); // the client sees the body end early, as on a dropped connection
                return;
            }

            await response.OutputStream.WriteAsync(body);
            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            response.Abort();
        }
    }
}
