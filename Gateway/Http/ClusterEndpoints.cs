using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Trust;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>/v1/cluster/gateways: where a miner's Orleans client connects, so rigs find the silos without database credentials.</summary>
public static class ClusterEndpoints
{
    public static RouteGroupBuilder MapClusterEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/cluster/gateways", Gateways).RequireApiKey().WithName("ListSiloGateways")
            .WithSummary("The live silo gateways (ip:port) that miners connect to over TLS, and how often to ask again")
            .Produces<GatewayListResponse>();
        return v1;
    }

    private static async Task<IResult> Gateways(IGrainFactory grains) =>
        TypedResults.Ok(new GatewayListResponse(
            await grains.GetGrain<IClusterAccessGrain>(0).GetSiloGateways(), (int)AitbcClientHosting.GatewayRefresh.TotalSeconds));
}
