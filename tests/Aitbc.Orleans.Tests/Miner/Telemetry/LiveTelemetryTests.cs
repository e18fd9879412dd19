using System.Net;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Miner.Detection;
using Aitbc.Orleans.Miner.Telemetry;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Miner.Telemetry;

/// <summary>
/// Issue #14, acceptance 1: the real daemon polls a fake nvidia-smi whose readings change between calls; the API shows
/// the GPU's temperature following it; hot, the cluster stops routing to it and the daemon itself refuses work; after
/// cooling past the hysteresis it is routable again. A failed poll is reported as missing, not as the last value.
/// </summary>
[Collection(ClusterCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class LiveTelemetryTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task The_api_follows_the_fake_nvidia_smi_and_the_cluster_and_the_daemon_act_on_its_temperature()
    {
        using var smi = new FakeNvidiaSmi(temperatureC: 52);
        // Ushuaia: no other test routes jobs there. Only the fake tool is found: no real vendor tool of this machine takes part.
        await using var daemon = await InProcessDaemon.StartAsync(fixture.Client, "smi", -54.80, -68.30, new Dictionary<string, string?>
        {
            ["OfferCpu"] = "false",
            ["UseNvml"] = "false", // a GPU machine's real NVML would otherwise be read instead of the fake tool
            ["TelemetryIntervalSeconds"] = "0.2",
            ["HeartbeatIntervalSeconds"] = "0.2",
        }, services => services.AddSingleton<IProcessRunner>(new SystemProcessRunner(smi.Directory)));
        var gpuId = $"{daemon.MinerId}:{FakeNvidiaSmi.Uuid}";
        var runner = daemon.Runner;
        var guard = daemon.Provider.GetRequiredService<ThermalGuard>();
        var tenant = await fixture.NewTenant();
        await new StakeHelper(fixture.Client).Stake(daemon.MinerId, 100m);

        // The temperature follows the tool; power and utilisation change on every call.
        var cool = await Until(tenant.Http, gpuId, g => Temperature(g) == 52 && g["routable"]!.GetValue<bool>());
        Assert.Equal("normal", cool["thermal"].Text());
        Assert.Equal(2520, cool["telemetry"]!["graphicsClockMhz"]!.GetValue<double>());
        var power = cool["telemetry"]!["powerWatts"]!.GetValue<double>();
        await Until(tenant.Http, gpuId, g => g["telemetry"]!["powerWatts"]!.GetValue<double>() != power);
        smi.SetTemperature(71);
        await Until(tenant.Http, gpuId, g => Temperature(g) == 71);

        // A poll that fails reads as unknown: no temperature rather than the last one, and the band stays.
        smi.Fail(true);
        var unknown = await Until(tenant.Http, gpuId, g => g["telemetry"]!["temperatureC"] is null);
        Assert.Null(unknown["telemetry"]!["powerWatts"]);
        Assert.Equal("normal", unknown["thermal"].Text());
        smi.Fail(false);

        // Critical: the cluster takes the GPU out of routing, and the daemon refuses work on its own reading.
        smi.SetTemperature(88);
        var critical = await Until(tenant.Http, gpuId, g => g["thermal"].Text() == "critical");
        Assert.False(critical["routable"]!.GetValue<bool>());
        Assert.Equal("thermal critical", critical["notRoutableReason"].Text());
        await TestWait.Until(() => Task.FromResult(!guard.AcceptsWork(gpuId)), TimeSpan.FromSeconds(30));
        var refused = await Assert.ThrowsAsync<MinerUnavailableException>(() => runner.Execute(Assignment(gpuId)));
        Assert.Contains("critical on the rig's own sensor (88 °C)", refused.Message, StringComparison.Ordinal);

        // 96 °C is the emergency band; cooling to 83 °C is not enough (hysteresis), 81 °C is.
        smi.SetTemperature(96);
        await Until(tenant.Http, gpuId, g => g["thermal"].Text() == "shutdown" && Temperature(g) == 96);
        smi.SetTemperature(83);
        var stillHot = await Until(tenant.Http, gpuId, g => Temperature(g) == 83);
        Assert.Equal("critical", stillHot["thermal"].Text());
        Assert.False(stillHot["routable"]!.GetValue<bool>());
        smi.SetTemperature(81);
        var recovered = await Until(tenant.Http, gpuId, g => Temperature(g) == 81 && g["routable"]!.GetValue<bool>());
        Assert.Equal("warning", recovered["thermal"].Text());
        Assert.Null(guard.RefusalReason(gpuId));
        Assert.True(smi.Calls > 10);
    }

    private static double? Temperature(JsonNode gpu) => gpu["telemetry"]?["temperatureC"]?.GetValue<double>();

    private static async Task<JsonNode> Until(HttpClient http, string gpuId, Func<JsonNode, bool> condition)
    {
        JsonNode? last = null;
        await TestWait.Until(async () =>
        {
            using var response = await http.GetAsync($"/v1/gpus/{Uri.EscapeDataString(gpuId)}", Ct);
            last = await response.Expect(HttpStatusCode.OK);
            return last["telemetry"] is not null && condition(last);
        }, TimeSpan.FromSeconds(60), () => Task.FromResult($"the API never showed the expected state; last: {last?.ToJsonString() ?? "nothing"}"));
        return last!;
    }

    private static JobAssignment Assignment(string gpuId) => new(
        $"hot-{Guid.NewGuid():N}", 1, gpuId, "m-none", "", 0, new Dictionary<string, TensorData>(), DateTimeOffset.UtcNow.AddMinutes(1));
}
