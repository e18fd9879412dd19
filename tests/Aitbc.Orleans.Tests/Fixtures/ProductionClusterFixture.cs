using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Aitbc.Orleans.Tests.Fixtures;

/// <summary>
/// The production cluster a user gets from `deploy/scripts/local-cluster.sh up`: its own PostgreSQL, a development CA,
/// two silos and a gateway, all real processes in production mode with TLS. Shared by the trust-boundary tests
/// (one cluster, a few minutes on two cores) and stopped with `local-cluster.sh down`. The fault-injection suite starts
/// its own with extra settings (<see cref="ScriptEnvironment"/>) and stops and kills its parts.
/// </summary>
public class ProductionClusterFixture : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"aitbc-lc-{Guid.NewGuid():N}");
    private readonly List<HttpClient> _clients = [];

    public Uri GatewayUrl { get; private set; } = null!;

    public string OperatorKey { get; private set; } = "";

    /// <summary>"127.0.0.1:port,..." of the silos' client gateways (TLS only).</summary>
    public string SiloGateways { get; private set; } = "";

    public string CaCertificate { get; private set; } = "";

    /// <summary>An operators' tool certificate of the cluster CA (and its key), as local-cluster.sh writes it.</summary>
    public string OperatorCertificate { get; private set; } = "";

    public string OperatorCertificateKey { get; private set; } = "";

    public string Logs => Path.Combine(_dir, "logs");

    /// <summary>The silo processes' ids, in start order (kill -9 one for fault injection).</summary>
    public IReadOnlyList<int> SiloPids { get; private set; } = [];

    /// <summary>Extra environment for local-cluster.sh (AITBC_SILO_ARGS, AITBC_GATEWAY_ARGS).</summary>
    protected virtual IReadOnlyDictionary<string, string> ScriptEnvironment { get; } = new Dictionary<string, string>
    {
        // Its tests count jobs and money exactly: no hardware challenges of their GPUs.
        ["AITBC_SILO_ARGS"] = "--Aitbc:Verification:ChallengeEnabled=false",
    };

    public virtual async ValueTask InitializeAsync()
    {
        var (code, output) = await Script("up", TimeSpan.FromMinutes(6));
        if (code != 0)
        {
            // A machine this busy can take a port between its check and its bind: once more, on other ports.
            await Script("down", TimeSpan.FromMinutes(2));
            var first = output;
            (code, output) = await Script("up", TimeSpan.FromMinutes(6));
            output = $"{output}\n--- first attempt ---\n{first}";
        }

        var values = Parse(output);
        if (code != 0 || !values.TryGetValue("GATEWAY_URL", out var gateway))
        {
            throw new InvalidOperationException($"local-cluster.sh up failed ({code}):\n{output}");
        }

        GatewayUrl = new Uri(gateway);
        OperatorKey = values["OPERATOR_KEY"];
        SiloGateways = values["SILO_GATEWAYS"];
        CaCertificate = values["CA_CERT"];
        var env = Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "cluster.env")));
        OperatorCertificate = env["OPERATOR_CERT"];
        OperatorCertificateKey = env["OPERATOR_CERT_KEY"];
        SiloPids = env["SILO_PIDS"].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
    }

    /// <summary>Stops the cluster's private PostgreSQL (fast shutdown: sessions are cut), or starts it again.</summary>
    public async Task StopPostgres()
    {
        var (code, output) = await Script("pg-stop", TimeSpan.FromMinutes(1));
        if (code != 0)
        {
            throw new InvalidOperationException($"local-cluster.sh pg-stop failed ({code}):\n{output}");
        }
    }

    /// <inheritdoc cref="StopPostgres"/>
    public async Task StartPostgres()
    {
        var (code, output) = await Script("pg-start", TimeSpan.FromMinutes(1));
        if (code != 0)
        {
            throw new InvalidOperationException($"local-cluster.sh pg-start failed ({code}):\n{output}");
        }
    }

    /// <summary>An HTTP client for the gateway, sending the key when one is given.</summary>
    public HttpClient Http(string? key = null)
    {
        var http = new HttpClient { BaseAddress = GatewayUrl, Timeout = TimeSpan.FromSeconds(90) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        lock (_clients)
        {
            _clients.Add(http);
        }

        return http;
    }

    /// <summary>A new account with a submitter key, credited by the operator through the API.</summary>
    public async Task<(string Account, string Key, HttpClient Http)> NewTenant(decimal funds)
    {
        var account = $"t-{Guid.NewGuid():N}"[..20];
        using var operatorHttp = new HttpClient { BaseAddress = GatewayUrl, Timeout = TimeSpan.FromSeconds(90) };
        operatorHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
        using var created = await operatorHttp.PostAsJsonAsync("/v1/keys", new { accountId = account, roles = new[] { "submitter" } });
        var key = (await created.Content.ReadFromJsonAsync<JsonObject>())?["key"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"no key: {created.StatusCode}");
        using var credit = await operatorHttp.PostAsJsonAsync($"/v1/accounts/{account}/credit", new { amount = funds, operationId = $"fund-{account}" });
        credit.EnsureSuccessStatusCode();
        return (account, key, Http(key));
    }

    /// <summary>What the cluster's processes logged, for assertion messages.</summary>
    public string LogTail(int lines = 40) => string.Join('\n', Directory.Exists(Logs)
        ? Directory.GetFiles(Logs, "*.log").SelectMany(f => File.ReadLines(f).TakeLast(lines).Select(l => $"{Path.GetFileName(f)}: {l}"))
        : []);

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        foreach (var http in _clients)
        {
            http.Dispose();
        }

        await Script("down", TimeSpan.FromMinutes(2));
    }

    private Task<(int Code, string Output)> Script(string verb, TimeSpan timeout) =>
        LocalClusterScript.RunAsync(ChildProcess.RepositoryRoot(), _dir, verb, ChildProcess.Configuration, ScriptEnvironment, timeout);

    private static Dictionary<string, string> Parse(string text) => LocalClusterScript.Values(text);
}
