using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Orleans.Messaging;

namespace Aitbc.Orleans.Client.Clustering;

/// <summary>
/// The live silo gateways from the cluster's HTTP gateway (GET /v1/cluster/gateways, authenticated with this client's
/// API key), so a miner finds every silo without holding any database credential. If the HTTP gateway cannot be
/// reached, the last list it gave stays in use.
/// </summary>
public sealed class HttpGatewayListProvider(
    Uri coordinator, string? credential, TimeSpan refresh, ILogger<HttpGatewayListProvider> logger) : IGatewayListProvider, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = coordinator, Timeout = TimeSpan.FromSeconds(15) };
    private IList<Uri> _last = [];

    public TimeSpan MaxStaleness => refresh;

    [Obsolete("Orleans no longer reads it; every provider is updatable.")]
    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider()
    {
        if (!string.IsNullOrEmpty(credential))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        return Task.CompletedTask;
    }

    public async Task<IList<Uri>> GetGateways()
    {
        try
        {
            var answer = await _http.GetFromJsonAsync<GatewayListBody>("/v1/cluster/gateways")
                ?? throw new InvalidDataException("empty answer");
            _last = await SiloGatewayEndpoints.ResolveAsync(SiloGatewayEndpoints.Parse(string.Join(',', answer.Gateways ?? [])));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidDataException or FormatException or System.Text.Json.JsonException)
        {
            logger.LogWarning("Cannot read the silo gateways from {Coordinator} ({Error}); keeping {Count} known", coordinator, ex.Message, _last.Count);
        }

        return _last;
    }

    public void Dispose() => _http.Dispose();

    private sealed record GatewayListBody(string[]? Gateways);
}
