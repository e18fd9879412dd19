using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Trust;

/// <summary>
/// The scene of the attack tests on the production cluster: an honest victim rig (enrolled, staked through the API,
/// one GPU in Tokyo), a victim tenant with a job, and the attacker: a rig enrolled by its own owner, with the
/// client certificate and session the cluster gave it, registered with one GPU in Sydney. Attacks use the stock
/// Orleans client the rig already holds.
/// </summary>
public sealed class AttackWorld(ProductionClusterFixture cluster) : IAsyncLifetime
{
    public ProductionClusterFixture Cluster => cluster;

    public RigClient Victim { get; private set; } = null!;

    public string VictimGpu => Victim.Miner.GpuId("g0");

    public string VictimOwner { get; private set; } = "";

    public string VictimTenant { get; private set; } = "";

    public string VictimJob { get; private set; } = "";

    public RigClient Attacker { get; private set; } = null!;

    public string AttackerGpu => Attacker.Miner.GpuId("g0");

    public async ValueTask InitializeAsync()
    {
        var owner = await cluster.NewTenant(100m);
        VictimOwner = owner.Account;
        Victim = await RigClient.Enroll(cluster, owner.Http);
        using (var stake = await owner.Http.PostAsJsonAsync($"/v1/miners/{Victim.MinerId}/stake", new { amount = 10m, requestId = "victim-stake" }))
        {
            stake.EnsureSuccessStatusCode();
        }

        await RegisterVictim();

        var tenant = await cluster.NewTenant(10m);
        VictimTenant = tenant.Account;
        using var upload = new ByteArrayContent(DemoModels.Default.ModelBytes);
        upload.Headers.ContentType = new("application/octet-stream");
        using (var model = await tenant.Http.PostAsync("/v1/models?name=demo&license=MIT&published=true", upload))
        {
            model.EnsureSuccessStatusCode();
        }

        using var job = await tenant.Http.PostAsJsonAsync("/v1/jobs", new
        {
            modelId = "m-" + DemoModels.Default.Sha256[..16],
            latencyClass = "economy",
            client = new { lat = 35.6, lon = 139.6 },
            maxPrice = 0.01m,
            inputs = new { input = new { type = "float32", shape = new[] { 1, 16 }, data = new float[16] } },
        });
        VictimJob = (await job.Content.ReadFromJsonAsync<JsonObject>())?["jobId"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"the victim's job was not accepted: {job.StatusCode}");

        var attackerOwner = await cluster.NewTenant(100m);
        Attacker = await RigClient.Enroll(cluster, attackerOwner.Http);
        using (var stake = await attackerOwner.Http.PostAsJsonAsync($"/v1/miners/{Attacker.MinerId}/stake", new { amount = 10m, requestId = "attacker-stake" }))
        {
            stake.EnsureSuccessStatusCode();
        }

        await RegisterAttacker();
    }

    /// <summary>
    /// Both rigs register again, as rigs that reconnect do. Neither sends heartbeats, so the cluster takes each offline one
    /// liveness period after it last registered: a test that needs them online (a heartbeat answered, a victim left
    /// online) registers them first, rather than depend on how long the tests before it took (a CI run once reached
    /// such a check 45 s after the setup).
    /// </summary>
    public async Task RegisterRigs()
    {
        await RegisterVictim();
        await RegisterAttacker();
    }

    private Task RegisterVictim() => Victim.Miner.RegisterSigned(Victim.Client, [Gpu(VictimGpu, 35.68, 139.69)]);

    private Task RegisterAttacker() => Attacker.Miner.RegisterSigned(Attacker.Client, [Gpu(AttackerGpu, -33.87, 151.21)]);

    /// <summary>A real device as a rig reports it (not simulated: production refuses simulated GPUs).</summary>
    public static GpuRegistration Gpu(string gpuId, double lat, double lon) =>
        TestMiner.Gpu(gpuId, lat, lon) with { Simulated = false };

    public async ValueTask DisposeAsync()
    {
        await Attacker.DisposeAsync();
        await Victim.DisposeAsync();
    }
}
