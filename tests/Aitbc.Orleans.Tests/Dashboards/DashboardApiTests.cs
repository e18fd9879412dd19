using System.Net;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Tests.Gateway;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Dashboards;

/// <summary>What the owner and operator views read and write, over HTTP: who may see what, bad input, and the pages themselves.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DashboardApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task An_owner_reads_only_their_own_miners_and_an_account_without_miners_reads_none()
    {
        await using var miners = new TestMiners(fixture.Client);
        var gpuId = TestMiner.NewGpuId("gpu0");
        var mine = await miners.Start(TestMiner.Gpu(gpuId, 60.17, 24.94));
        var otherGpuId = TestMiner.NewGpuId("gpu0");
        var other = await miners.Start(TestMiner.Gpu(otherGpuId, 59.33, 18.07));
        var owner = fixture.Http(await fixture.IssueKey($"{mine.MinerId}-owner", [AccessRoles.Submitter]));

        using var response = await owner.GetAsync("/v1/owners/me", Ct);
        var overview = await response.Expect(HttpStatusCode.OK);
        var minerIds = overview["miners"]!.AsArray().Select(m => m!["minerId"]!.GetValue<string>()).ToArray();
        Assert.Equal([mine.MinerId], minerIds);
        Assert.Equal(gpuId, overview["miners"]![0]!["gpus"]![0]!["gpuId"]!.GetValue<string>());
        Assert.DoesNotContain(other.MinerId, overview.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(100m, overview["stake"]!.GetValue<decimal>());
        Assert.Equal(1, overview["metrics"]!["gpus"]!.GetValue<int>());

        var stranger = await fixture.NewTenant(0m);
        using var empty = await stranger.Http.GetAsync("/v1/owners/me", Ct);
        Assert.Empty((await empty.Expect(HttpStatusCode.OK))["miners"]!.AsArray());
        using var anonymous = await fixture.Http().GetAsync("/v1/owners/me", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Only_operators_read_the_fleet_or_register_cloud_gpus_and_a_bad_offer_changes_nothing()
    {
        var submitter = await fixture.NewTenant(0m);
        using var fleet = await submitter.Http.GetAsync("/v1/ops/fleet", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, fleet.StatusCode);
        using var register = await submitter.Http.PostAsync("/v1/ops/cloud-pool", Json(new JsonObject { ["provider"] = "AWS" }), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, register.StatusCode);

        var operatorHttp = fixture.Http(await fixture.IssueKey($"ops-{Guid.NewGuid():N}", [AccessRoles.Operator]));
        var offersBefore = (await fixture.Client.GetGrain<ICloudPoolGrain>(0).List()).Count;
        var minerId = TestMiner.NewMinerId();
        using var bad = await operatorHttp.PostAsync("/v1/ops/cloud-pool", Json(new JsonObject
        {
            ["minerId"] = minerId, ["provider"] = "", ["instanceType"] = "g5.xlarge", ["gpuName"] = "NVIDIA A10G", ["gpuCount"] = 40,
            ["location"] = new JsonObject { ["lat"] = 91, ["lon"] = 0 }, ["pricePerHourUsd"] = -1,
        }), Ct);
        var problem = await bad.Expect(HttpStatusCode.BadRequest);
        var fields = problem["errors"]!.AsObject().Select(e => e.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "provider", "gpuCount", "location.lat", "pricePerHourUsd", "publicKey" }, fields);
        Assert.Equal(offersBefore, (await fixture.Client.GetGrain<ICloudPoolGrain>(0).List()).Count);
        Assert.Null(await fixture.Client.GetGrain<IMinerEnrollmentGrain>(minerId).Get());

        using var read = await operatorHttp.GetAsync("/v1/ops/fleet", Ct);
        var body = await read.Expect(HttpStatusCode.OK);
        Assert.NotNull(body["metrics"]!["cloudReference"]!["source"]);
    }

    [Fact]
    public async Task An_operator_removes_a_cloud_offer_and_its_gpus_leave_routing_for_good()
    {
        var operatorHttp = fixture.Http(await fixture.IssueKey($"ops-{Guid.NewGuid():N}", [AccessRoles.Operator]));
        using var cloud = new TestMiner(fixture.Client, TestMiner.NewMinerId());
        using var created = await operatorHttp.PostAsync("/v1/ops/cloud-pool", Json(new JsonObject
        {
            ["publicKey"] = cloud.PublicKey, ["minerId"] = cloud.MinerId, ["provider"] = "AWS", ["instanceType"] = "g5.xlarge",
            ["gpuName"] = "NVIDIA A10G", ["gpuCount"] = 1, ["location"] = new JsonObject { ["lat"] = 53.35, ["lon"] = -6.26 }, ["pricePerHourUsd"] = 1.006,
        }), Ct);
        await created.Expect(HttpStatusCode.Created);
        var gpu = TestMiner.Gpu(cloud.GpuId("gpu0"), 53.35, -6.26, name: "NVIDIA A10G", pool: PoolKind.Cloud);
        await cloud.RegisterSigned(fixture.Client, [gpu]);
        Assert.True((await fixture.Client.GetGrain<IGpuGrain>(gpu.GpuId).GetSnapshot())!.Online);

        // Only operators remove; an unknown offer is a problem, not a silent success.
        var submitter = await fixture.NewTenant(0m);
        using var forbidden = await submitter.Http.DeleteAsync($"/v1/ops/cloud-pool/{cloud.MinerId}", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var unknown = await operatorHttp.DeleteAsync($"/v1/ops/cloud-pool/{TestMiner.NewMinerId()}", Ct);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no cloud offer", (await unknown.Expect(HttpStatusCode.NotFound))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains((await fixture.Client.GetGrain<ICloudPoolGrain>(0).List()), o => o.MinerId == cloud.MinerId);

        using var removed = await operatorHttp.DeleteAsync($"/v1/ops/cloud-pool/{cloud.MinerId}", Ct);
        Assert.Equal(cloud.MinerId, (await removed.Expect(HttpStatusCode.OK))["minerId"]!.GetValue<string>());
        Assert.DoesNotContain((await fixture.Client.GetGrain<ICloudPoolGrain>(0).List()), o => o.MinerId == cloud.MinerId);
        Assert.Null(await fixture.Client.GetGrain<IMinerEnrollmentGrain>(cloud.MinerId).Get());
        Assert.False((await fixture.Client.GetGrain<IGpuGrain>(gpu.GpuId).GetSnapshot())!.Online);

        // Its daemon cannot bring the GPUs back, and asking again finds nothing to remove.
        await Assert.ThrowsAsync<MinerNotEnrolledException>(() => cloud.RegisterSigned(fixture.Client, [gpu]));
        using var again = await operatorHttp.DeleteAsync($"/v1/ops/cloud-pool/{cloud.MinerId}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task A_thermal_slash_reaches_the_operators_slash_log_once_with_its_evidence()
    {
        await using var miners = new TestMiners(fixture.Client);
        var gpuId = TestMiner.NewGpuId("gpu0");
        var miner = await miners.Start(TestMiner.Gpu(gpuId, -27.11, -109.35)); // Easter Island: no other test's GPU in reach
        miner.Behaviour = _ => MinerReaction.Silent;
        var tenant = await fixture.Client.FundedTenant(10m);
        var model = await fixture.Client.SmallModel();
        await fixture.Client.GetGrain<IJobGrain>($"job-{Guid.NewGuid():N}").Submit(
            ClusterTestExtensions.Job(tenant, model.ModelId, new(-27.11, -109.35), LatencyClass.Realtime));
        await miner.FirstAssignment.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        await miner.Heartbeat([gpuId], temperatureC: 97);

        var operatorHttp = fixture.Http(await fixture.IssueKey($"ops-{Guid.NewGuid():N}", [AccessRoles.Operator]));
        JsonNode[] slashes = [];
        await TestWait.Until(async () =>
        {
            using var response = await operatorHttp.GetAsync("/v1/ops/fleet", Ct);
            slashes = [.. (await response.Expect(HttpStatusCode.OK))["slashes"]!.AsArray().Where(s => s!["minerId"]!.GetValue<string>() == miner.MinerId).Select(s => s!)];
            return slashes.Length > 0;
        }, TimeSpan.FromSeconds(60), "the thermal slash never reached the slash log");
        var slash = Assert.Single(slashes);
        Assert.Equal("thermalEmergency", slash["reason"]!.GetValue<string>());
        Assert.Contains(gpuId, slash["evidence"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(slash["amount"]!.GetValue<decimal>() > 0);
    }

    [Fact]
    public async Task The_pages_and_their_vendored_libraries_are_served_locally_with_a_strict_policy()
    {
        var http = fixture.Http();
        foreach (var page in new[] { "/owner", "/ops" })
        {
            using var response = await http.GetAsync(page, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            var html = await response.Content.ReadAsStringAsync(Ct);
            Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        }

        foreach (var file in new[] { "vendor/leaflet/leaflet.js", "vendor/leaflet/LICENSE", "vendor/uplot/uPlot.iife.min.js", "vendor/uplot/LICENSE",
                     "vendor/topojson-client/LICENSE", "vendor/world-atlas/land-110m.json", "dashboard.js" })
        {
            using var response = await http.GetAsync($"/web/{file}", Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {response.StatusCode}");
        }

        using var missing = await http.GetAsync("/web/vendor/../../appsettings.json", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
