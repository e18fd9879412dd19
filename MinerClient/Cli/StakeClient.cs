using System.Net.Http.Json;
using Aitbc.Orleans.Miner.Daemon;

namespace Aitbc.Orleans.Miner.Cli;

/// <summary>
/// `MinerClient stake --amount X [--unstake]`: the owner moves stake for this miner through the gateway
/// (POST /v1/miners/{id}/stake or /unstake) with the owner's API key. The request id makes a retry move money once.
/// </summary>
public static class StakeClient
{
    public static async Task<int> RunAsync(MinerOptions options, string minerId, decimal amount, bool unstake, string? requestId, string? ownerKey, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        if (string.IsNullOrWhiteSpace(options.GatewayUrl))
        {
            await output.WriteLineAsync("No gateway configured: give --gateway URL");
            return 2;
        }

        if (string.IsNullOrEmpty(ownerKey))
        {
            await output.WriteLineAsync("Staking moves the owner's money: set AITBC_API_KEY to the owner's API key");
            return 2;
        }

        using var http = new HttpClient { BaseAddress = new Uri(options.GatewayUrl), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Api-Key", ownerKey);
        var path = $"/v1/miners/{Uri.EscapeDataString(minerId)}/{(unstake ? "unstake" : "stake")}";
        try
        {
            using var response = await http.PostAsJsonAsync(path, new { amount, requestId = requestId ?? Guid.NewGuid().ToString("N") }, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            await output.WriteLineAsync(response.IsSuccessStatusCode ? body : $"Refused ({(int)response.StatusCode}): {body}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException ex)
        {
            await output.WriteLineAsync($"Cannot reach the gateway at {options.GatewayUrl}: {ex.Message}");
            return 1;
        }
    }
}
