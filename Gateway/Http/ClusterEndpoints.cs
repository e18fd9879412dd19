using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Trust;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>
/// /v1/cluster/gateways: where a miner's Orleans client connects, so rigs find the silos without database credentials.
/// /v1/cluster/probe: a fixed block of bytes a rig downloads now and then to measure its bandwidth from the gateway.
/// </summary>
public static class ClusterEndpoints
{
    public static RouteGroupBuilder MapClusterEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/cluster/gateways", Gateways).RequireApiKey().WithName("ListSiloGateways")
            .WithSummary("The live silo gateways (ip:port) that miners connect to over TLS, and how often to ask again")
            .Produces<GatewayListResponse>();
        v1.MapGet("/cluster/probe", Probe).RequireApiKey().WithName("BandwidthProbe")
            .WithSummary("4 MiB of zero bytes, not cached, for a miner to time its download rate from the gateway")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");
        return v1;
    }

    private static async Task<IResult> Gateways(IGrainFactory grains) =>
        TypedResults.Ok(new GatewayListResponse(
            await grains.Grain<IClusterAccessGrain>(0).GetSiloGateways(), (int)AitbcClientHosting.GatewayRefresh.TotalSeconds));

    /// <summary>The probe's size: the miner times what follows the first 512 KiB (past TCP slow start), so 3.5 MiB are timed.</summary>
    public const int ProbeBytes = 4 * 1024 * 1024;

    private static readonly byte[] ProbeBlock = new byte[ProbeBytes];

    private static IResult Probe(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Bytes(ProbeBlock, "application/octet-stream");
    }
}
