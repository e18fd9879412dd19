using System.Net;
using System.Net.Sockets;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>Ports the OS says are free now: other builds and test runs on the same machine use the default 11111/30000.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
