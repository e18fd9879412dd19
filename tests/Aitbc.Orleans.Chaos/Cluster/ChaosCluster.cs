using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Chaos.Cluster;

/// <summary>
/// The production cluster of `local-cluster.sh up` (2 silos and 1 gateway in production mode with TLS, its own private
/// PostgreSQL in a temporary directory on a free port, never the shared server) with about 100 simulated GPUs in two
/// miner processes of several rigs each, so that one miner can die while the other serves. For the suite: simulated
/// GPUs are admitted, no stake is needed, no hardware challenges are sent (its synthetic GPUs answer zeros), liveness
/// is 2 s heartbeats (offline after 6 s), and the gateway's rate limit is out of the way.
/// </summary>
public sealed class ChaosCluster : ProductionClusterFixture
{
    public const int GpusPerMiner = 50;

    private readonly List<SimulatedMiner> _miners = [];

    protected override IReadOnlyDictionary<string, string> ScriptEnvironment { get; } = new Dictionary<string, string>
    {
        ["AITBC_SILO_ARGS"] = "--Aitbc:Fleet:AllowSimulatedGpus=true --Aitbc:Fleet:MinimumStake=0 --Aitbc:Verification:ChallengeEnabled=false --Aitbc:Fleet:HeartbeatInterval=00:00:02",
        ["AITBC_GATEWAY_ARGS"] = "--Aitbc:Gateway:RateLimit:PermitLimit=100000000",
    };

    /// <summary>The demo model's id (content-addressed).</summary>
    public string ModelId { get; private set; } = "";

    internal IReadOnlyList<SimulatedMiner> Miners => _miners;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        try
        {
            await StartMinersAsync();
        }
        catch (Exception ex)
        {
            // `down` removes the logs with the cluster: keep what the processes said in the failure.
            throw new InvalidOperationException($"the chaos cluster did not start: {ex.Message}\n{LogTail(60)}", ex);
        }
    }

    private async Task StartMinersAsync()
    {
        var owner = await NewTenant(10m);
        var model = await File.ReadAllBytesAsync(Path.Combine(ChildProcess.RepositoryRoot(), "docs", "demo", "aitbc-demo-mlp.onnx"));
        using (var upload = new ByteArrayContent(model))
        {
            upload.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var response = await owner.Http.PostAsync("/v1/models?name=demo&license=MIT&published=true", upload);
            var body = await response.Content.ReadFromJsonAsync<JsonObject>();
            ModelId = body?["modelId"]?.GetValue<string>() ?? throw new InvalidOperationException($"model upload failed: {response.StatusCode} {body}");
        }

        for (var i = 0; i < 2; i++)
        {
            var miner = await SimulatedMiner.Enroll(GatewayUrl, owner.Key, $"chaos-{(char)('a' + i)}-{Guid.NewGuid():N}"[..20], GpusPerMiner, seed: 100 + i);
            _miners.Add(miner);
            miner.Start();
        }

        foreach (var miner in _miners)
        {
            await StartedAsync(miner);
        }
    }

    /// <summary>Starts a (killed) miner again with its state, and waits until all its rigs have registered.</summary>
    internal async Task RestartAsync(SimulatedMiner miner)
    {
        miner.Start();
        await StartedAsync(miner);
    }

    private async Task StartedAsync(SimulatedMiner miner) =>
        await TestWait.Until(() => Task.FromResult(miner.AllRigsRegistered()), TimeSpan.FromMinutes(3),
            $"the simulated miner's rigs did not all register:\n{miner.Output}\n{LogTail()}");

    /// <summary>The account as the ledger holds it now (operator's view).</summary>
    public async Task<(decimal Balance, decimal Escrow)> Account(string accountId)
    {
        using var http = new HttpClient { BaseAddress = GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
        var account = await http.GetFromJsonAsync<JsonObject>($"/v1/accounts/{Uri.EscapeDataString(accountId)}")
            ?? throw new InvalidOperationException("no account");
        return (account["balance"]!.GetValue<decimal>(), account["escrow"]!.GetValue<decimal>());
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var miner in _miners)
        {
            await miner.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
