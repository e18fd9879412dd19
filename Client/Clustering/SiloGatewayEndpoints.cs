using System.Net;
using System.Net.Sockets;

namespace Aitbc.Orleans.Client.Clustering;

/// <summary>
/// "host:port" lists of silo gateways (Aitbc:SiloGateways, or what GET /v1/cluster/gateways returns). Host names are
/// resolved on every refresh, so a DNS name with one record per silo works as well as fixed addresses.
/// </summary>
public static class SiloGatewayEndpoints
{
    public static IReadOnlyList<(string Host, int Port)> Parse(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var result = new List<(string, int)>();
        foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = item.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(item.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
            {
                throw new FormatException($"silo gateway '{item}' is not host:port");
            }

            result.Add((item[..colon].Trim('[', ']'), port));
        }

        return result;
    }

    /// <summary>Gateway URIs as Orleans expects them ("gwy.tcp://ip:port/0"), every address of every host.</summary>
    public static async Task<IList<Uri>> ResolveAsync(IEnumerable<(string Host, int Port)> endpoints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var uris = new List<Uri>();
        foreach (var (host, port) in endpoints)
        {
            var addresses = IPAddress.TryParse(host, out var ip) ? [ip] : await Dns.GetHostAddressesAsync(host, cancellationToken);
            uris.AddRange(addresses.Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                .Select(a => new IPEndPoint(a, port).ToGatewayUri()));
        }

        return uris;
    }
}
