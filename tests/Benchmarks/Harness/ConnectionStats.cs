using System.Net.Sockets;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// The TCP connections an HTTP/1.1 client opens and the time each connect took: a request that finds every pooled
/// connection busy opens a new one, so under a stall the pool grows, and a slow connect is latency the server's
/// own timings never see.
/// </summary>
public sealed class ConnectionStats
{
    private readonly Lock _gate = new();
    private readonly List<double> _connectMs = [];

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        lock (_gate)
        {
            _connectMs.Add(elapsed);
        }

        return new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Connections opened so far and a mark to describe only those opened after it.</summary>
    public int Mark()
    {
        lock (_gate)
        {
            return _connectMs.Count;
        }
    }

    /// <summary>The connections opened since <paramref name="mark"/>: how many, and their connect times.</summary>
    public string Describe(int mark = 0)
    {
        double[] times;
        lock (_gate)
        {
            times = _connectMs.Skip(mark).Order().ToArray();
        }

        if (times.Length == 0)
        {
            return "no connection opened";
        }

        return $"{times.Length:N0} connections opened, connect p50 {Percentiles.OfSorted(times, 50):0.0} ms, max {times[^1]:0.0} ms, " +
            $"{times.Count(t => t > 100):N0} over 100 ms, {times.Count(t => t > 900):N0} over 900 ms";
    }
}
