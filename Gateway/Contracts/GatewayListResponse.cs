namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>GET /v1/cluster/gateways: the live silo gateways ("ip:port") and how often to ask again.</summary>
public sealed record GatewayListResponse(IReadOnlyList<string> Gateways, int RefreshSeconds);
