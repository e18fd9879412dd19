using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Tests.Miner.Inference;

namespace Aitbc.Orleans.Tests.Trust;

/// <summary>
/// On the production cluster: the real miner daemon, enrolled, staked and run by its owner, serves a job end to end
/// over TLS (acceptance 2's honest miner); and a miner stakes through the API, becomes routable, is slashed below
/// the minimum and stops being routable, with every step in the ledger (acceptance 4).
/// </summary>
[Collection(ProductionClusterCollection.Name)]
public sealed class ProductionMinerTests(ProductionClusterFixture cluster)
{
    private static readonly string DemoModelId = "m-" + DemoModels.Default.Sha256[..16];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_honest_enrolled_miner_serves_jobs_end_to_end()
    {
        var owner = await cluster.NewTenant(100m);
        var minerId = $"honest-{Guid.NewGuid():N}"[..20];
        var state = Directory.CreateTempSubdirectory("aitbc-honest-miner-");
        var url = cluster.GatewayUrl.ToString();
        var environment = new Dictionary<string, string>
        {
            ["AITBC_API_KEY"] = owner.Key,
            ["AITBC_MINER_MinerId"] = minerId,
            ["AITBC_MINER_StateDirectory"] = state.FullName,
            ["AITBC_MINER_Location__Latitude"] = "50.11",
            ["AITBC_MINER_Location__Longitude"] = "8.68",
            ["AITBC_MINER_HeartbeatIntervalSeconds"] = "2",
            ["AITBC_MINER_OfferCpu"] = "true",
        };
        try
        {
            await Finish(ChildProcess.Start("MinerClient", ["enroll", "--gateway", url], environment));
            Assert.True(File.Exists(Path.Combine(state.FullName, "certificate.pem")), "the certificate is stored beside the identity key");
            await Finish(ChildProcess.Start("MinerClient", ["stake", "--gateway", url, "--amount", "10"], environment));

            await using var daemon = ChildProcess.Start("MinerClient", ["run", "--coordinator", url], environment);
            await TestWait.Until(async () => (await owner.Http.GetFromJsonAsync<JsonObject>($"/v1/miners/{minerId}", Ct))?["online"]?.GetValue<bool>() == true,
                TimeSpan.FromSeconds(90), $"the daemon never came online:\n{daemon.Output}\n{cluster.LogTail()}");

            var submitter = await cluster.NewTenant(10m);
            await UploadDemoModel(submitter.Http);
            var input = ReferenceNetworks.RandomFloats(16, seed: 10);
            using var submitted = await submitter.Http.PostAsJsonAsync("/v1/jobs?wait=60", new
            {
                modelId = DemoModelId,
                latencyClass = "standard",
                client = new { lat = 50.1, lon = 8.7 },
                maxPrice = 0.01m,
                inputs = new { input = new { type = "float32", shape = new[] { 1, 16 }, data = input } },
            }, Ct);
            var job = await submitted.Content.ReadFromJsonAsync<JsonObject>(Ct);
            Assert.True(job?["status"]?.GetValue<string>() == "completed", $"{job}\n{daemon.Output}");
            Assert.StartsWith($"{minerId}:", job!["gpuId"]!.GetValue<string>(), StringComparison.Ordinal);
            var outputs = job["outputs"]!["output"]!["data"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
            Assert.True(ReferenceNetworks.RelativeError(outputs, ReferenceNetworks.Mlp(DemoModels.Default.Layers, input, 1)) < 1e-5);
            Assert.Contains($"Signed in to the cluster as miner:{minerId}", daemon.Output, StringComparison.Ordinal);

            daemon.Terminate();
            Assert.True(await daemon.WaitForExit(TimeSpan.FromSeconds(60)), daemon.Output);
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_miner_stakes_through_the_api_becomes_routable_is_slashed_below_the_minimum_and_stops_being_routable()
    {
        var owner = await cluster.NewTenant(100m);
        await using var rig = await RigClient.Enroll(cluster, owner.Http);
        rig.Miner.Behaviour = _ => MinerReaction.CompleteBadSignature;
        var gpuId = rig.Miner.GpuId("g0");
        await rig.Miner.RegisterSigned(rig.Client, [AttackWorld.Gpu(gpuId, -23.55, -46.63)]); // Sao Paulo
        Assert.Equal("stake below minimum", (await Gpu(gpuId))["notRoutableReason"]?.GetValue<string>());

        using (var stake = await owner.Http.PostAsJsonAsync($"/v1/miners/{rig.MinerId}/stake", new { amount = 10m, requestId = "stake-1" }, Ct))
        {
            var staked = await stake.Content.ReadFromJsonAsync<JsonObject>(Ct);
            Assert.True(stake.IsSuccessStatusCode, staked?.ToJsonString());
            Assert.Equal(1, staked!["gpusCovered"]!.GetValue<int>());
        }

        Assert.True((await Gpu(gpuId))["routable"]!.GetValue<bool>());

        // A job routed to it comes back with a signature that does not verify: the verification slash takes the stake.
        var submitter = await cluster.NewTenant(10m);
        await UploadDemoModel(submitter.Http);
        using var submitted = await submitter.Http.PostAsJsonAsync("/v1/jobs", new
        {
            modelId = DemoModelId,
            latencyClass = "realtime",
            client = new { lat = -23.5, lon = -46.6 },
            maxPrice = 0.01m,
            inputs = new { input = new { type = "float32", shape = new[] { 1, 16 }, data = new float[16] } },
        }, Ct);
        var job = await submitted.Content.ReadFromJsonAsync<JsonObject>(Ct);
        await rig.Miner.FirstAssignment.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        await TestWait.Until(async () => (await Gpu(gpuId))["notRoutableReason"]?.GetValue<string>() == "stake below minimum", TimeSpan.FromSeconds(30),
            $"the GPU was not taken out of routing for its stake after {job}:\n{cluster.LogTail(60)}");

        // The ledger shows each step: the owner's hold and capture, the miner's deposit and stake, then the slash.
        using var operatorHttp = cluster.Http(cluster.OperatorKey);
        var ownerEntries = await Entries(operatorHttp, owner.Account);
        Assert.Contains(ownerEntries, e => Kind(e) == "hold" && Op(e) == $"stake:{rig.MinerId}:stake-1:hold");
        Assert.Contains(ownerEntries, e => Kind(e) == "capture" && Op(e) == $"stake:{rig.MinerId}:stake-1:capture");
        var minerEntries = await Entries(operatorHttp, $"miner:{rig.MinerId}");
        Assert.Contains(minerEntries, e => Kind(e) == "credit" && Op(e) == $"stake:{rig.MinerId}:stake-1:deposit");
        Assert.Contains(minerEntries, e => Kind(e) == "stake" && Op(e) == $"stake:{rig.MinerId}:stake-1:stake");
        var slash = Assert.Single(minerEntries, e => Kind(e) == "slash");
        Assert.Equal(0m, slash["stakeAfter"]!.GetValue<decimal>());
        var view = await owner.Http.GetFromJsonAsync<JsonObject>($"/v1/miners/{rig.MinerId}/stake", Ct);
        Assert.Equal(0, view!["gpusCovered"]!.GetValue<int>());
    }

    private async Task<JsonObject> Gpu(string gpuId)
    {
        using var http = cluster.Http(cluster.OperatorKey);
        return (await http.GetFromJsonAsync<JsonObject>($"/v1/gpus/{gpuId}", Ct))!;
    }

    private static async Task<JsonObject[]> Entries(HttpClient http, string account) =>
        (await http.GetFromJsonAsync<JsonObject>($"/v1/accounts/{Uri.EscapeDataString(account)}", Ct))!["recentEntries"]!.AsArray()
            .Select(e => e!.AsObject()).ToArray();

    private static string? Kind(JsonObject entry) => entry["operation"]?["kind"]?.GetValue<string>();

    private static string? Op(JsonObject entry) => entry["operation"]?["operationId"]?.GetValue<string>();

    private static async Task UploadDemoModel(HttpClient http)
    {
        using var upload = new ByteArrayContent(DemoModels.Default.ModelBytes);
        upload.Headers.ContentType = new("application/octet-stream");
        using var response = await http.PostAsync("/v1/models?name=demo&license=MIT&published=true", upload, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task Finish(ChildProcess process)
    {
        await using (process)
        {
            Assert.True(await process.WaitForExit(TimeSpan.FromSeconds(120)), process.Output);
            Assert.True(process.ExitCode == 0, process.Output);
        }
    }
}
