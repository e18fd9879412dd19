using System.Net;
using System.Net.Sockets;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// Loopback ports for the servers tests and benchmarks start themselves (child silos, gateways, model servers). They
/// come from below the kernel's ephemeral range: a port the OS hands out for "port 0" lies inside it, and between the
/// probe and the server's bind (a silo binds HTTP only after Orleans has started) any outgoing connection may take it,
/// which failed CI once with "address already in use". Ports are handed out in turn from a random start, so one
/// process never gets the same port twice and parallel processes rarely meet. Shared by the test fixtures and the
/// benchmarks (linked into both).
/// </summary>
public static class LoopbackPorts
{
    private const int Lowest = 10_000;
    private static readonly int Highest = EphemeralLow() - 1;
    private static int _next = Random.Shared.Next();

    public static int Next()
    {
        var span = Highest - Lowest + 1;
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var port = Lowest + (int)((uint)Interlocked.Increment(ref _next) % (uint)span);
            if (Bindable(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free loopback port in {Lowest}-{Highest}");
    }

    private static bool Bindable(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int EphemeralLow()
    {
        try
        {
            var first = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0];
            return int.TryParse(first, out var low) && low > Lowest + 1_000 ? low : 32_768;
        }
        catch (IOException)
        {
            return 32_768;
        }
        catch (UnauthorizedAccessException)
        {
            return 32_768;
        }
    }
}
