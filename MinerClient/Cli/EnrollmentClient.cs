using System.Net.Http.Json;
using System.Text.Json;
using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Miner.Identity;

namespace Aitbc.Orleans.Miner.Cli;

/// <summary>
/// Enrols this miner's identity key with the cluster's HTTP gateway, with the owner's API key (POST /v1/miners), and
/// stores what comes back beside the key: enrollment.json (the miner's own API key, mode 0600), certificate.pem (the
/// client certificate the cluster CA issued for the identity key) and cluster-ca.pem (the CA that issued it).
/// </summary>
public static class EnrollmentClient
{
    /// <summary>Exit code when the gateway could not be reached (worth retrying), as opposed to a refusal (1).</summary>
    public const int Unreachable = 3;

    private static readonly UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static async Task<int> EnrollAsync(MinerOptions options, MinerIdentity identity, string? ownerKey, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(output);
        if (string.IsNullOrWhiteSpace(options.GatewayUrl))
        {
            await output.WriteLineAsync("No gateway configured: the key is ready; enroll later with --gateway URL");
            return 2;
        }

        using var http = new HttpClient { BaseAddress = new Uri(options.GatewayUrl), Timeout = TimeSpan.FromSeconds(30) };
        if (!string.IsNullOrEmpty(ownerKey))
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", ownerKey);
        }

        try
        {
            using var response = await http.PostAsJsonAsync(
                "/v1/miners", new { publicKey = identity.PublicKeyBase64, name = Environment.MachineName, minerId = options.MinerId }, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                await output.WriteLineAsync($"Enrollment refused ({(int)response.StatusCode}): {body}");
                return 1;
            }

            Directory.CreateDirectory(options.StateDirectory);
            await WritePrivate(options.EnrollmentPath, body, ct);
            using var answer = JsonDocument.Parse(body);
            var root = answer.RootElement;
            if (root.TryGetProperty("certificate", out var certificate) && certificate.ValueKind == JsonValueKind.String
                && root.TryGetProperty("caCertificate", out var authority) && authority.ValueKind == JsonValueKind.String)
            {
                await File.WriteAllTextAsync(options.CertificatePath, certificate.GetString(), ct);
                await File.WriteAllTextAsync(options.AuthorityPath, authority.GetString(), ct);
                await output.WriteLineAsync($"Client certificate stored at {options.CertificatePath} (CA {options.AuthorityPath})");
            }

            await output.WriteLineAsync($"Enrolled miner {root.GetProperty("minerId").GetString()} for {root.GetProperty("ownerAccountId").GetString()}");
            return 0;
        }
        catch (HttpRequestException ex)
        {
            await output.WriteLineAsync($"Cannot reach the gateway at {options.GatewayUrl}: {ex.Message}");
            return Unreachable;
        }
    }

    private static async Task WritePrivate(string path, string text, CancellationToken ct)
    {
        await File.WriteAllTextAsync(path, text, ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
    }
}
