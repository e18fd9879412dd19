using System.Net;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Attestation;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Verification;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>/v1/attestation/policy (operators), /v1/miners/{id}/attestation (owner, operators) and /v1/gpus/{id}/integrity (operators) over real HTTP.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayAttestationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    private static readonly string Binary = new('a', 64);

    private static JsonObject Policy(string binary = "") => new()
    {
        ["binaries"] = new JsonArray(binary.Length == 0 ? Binary.ToUpperInvariant() : binary),
        ["onnxRuntimeVersions"] = new JsonArray("1.31.0"),
        ["drivers"] = new JsonArray(
            new JsonObject { ["version"] = "560.35.03", ["releasedOn"] = "2025-08-01" },
            new JsonObject { ["version"] = "none", ["knownVulnerable"] = true }),
        ["osPrefixes"] = new JsonArray("Linux "),
    };

    [Fact]
    public async Task Operators_replace_and_read_the_allowlist_idempotently_and_nobody_else_may()
    {
        var operatorHttp = fixture.Http("dev-key");
        using var put = await operatorHttp.PutAsync("/v1/attestation/policy", Json(Policy()), Ct);
        var stored = await put.Expect(HttpStatusCode.OK);
        Assert.Equal(Binary, stored["binaries"]![0].Text()); // hashes are kept in lower case
        using var again = await operatorHttp.PutAsync("/v1/attestation/policy", Json(Policy()), Ct);
        Assert.Equal(stored.ToJsonString(), (await again.Expect(HttpStatusCode.OK)).ToJsonString());
        using var get = await operatorHttp.GetAsync("/v1/attestation/policy", Ct);
        Assert.Equal(stored.ToJsonString(), (await get.Expect(HttpStatusCode.OK)).ToJsonString());
        var policy = await fixture.Client.GetGrain<IAttestationPolicyGrain>(0).Get();
        Assert.Equal([new DriverRecord("560.35.03", new DateOnly(2025, 8, 1)), new DriverRecord("none", null, true)], policy.Drivers);
        Assert.Equal(["Linux "], policy.OsPrefixes);

        var submitter = await fixture.NewTenant(0m);
        using var read = await submitter.Http.GetAsync("/v1/attestation/policy", Ct);
        await read.Expect(HttpStatusCode.Forbidden);
        using var write = await submitter.Http.PutAsync("/v1/attestation/policy", Json(Policy(new string('b', 64))), Ct);
        await write.Expect(HttpStatusCode.Forbidden);
        using var anonymous = await fixture.Http().GetAsync("/v1/attestation/policy", Ct);
        await anonymous.Expect(HttpStatusCode.Unauthorized);
        Assert.Equal([Binary], (await fixture.Client.GetGrain<IAttestationPolicyGrain>(0).Get()).Binaries);
    }

    [Theory]
    [InlineData("binaries", "[\"not-a-hash\"]", "binaries[0]")]
    [InlineData("binaries", "null", "binaries")]
    [InlineData("onnxRuntimeVersions", "[\"1.31\\u0007\"]", "onnxRuntimeVersions[0]")]
    [InlineData("drivers", "[{\"version\":\"560\"},{\"version\":\"560\"}]", "drivers")]
    [InlineData("drivers", "[{\"releasedOn\":\"2025-01-01\"}]", "drivers[0].version")]
    [InlineData("drivers", "[{\"version\":\"560\",\"releasedOn\":\"yesterday\"}]", "drivers")]
    [InlineData("osPrefixes", "[\"  \"]", "osPrefixes[0]")]
    public async Task A_bad_allowlist_is_a_problem_naming_the_field_and_changes_nothing(string field, string json, string problemField)
    {
        var operatorHttp = fixture.Http("dev-key");
        using var put = await operatorHttp.PutAsync("/v1/attestation/policy", Json(Policy()), Ct);
        await put.Expect(HttpStatusCode.OK);
        var body = Policy(new string('c', 64));
        body[field] = JsonNode.Parse(json);

        using var bad = await operatorHttp.PutAsync("/v1/attestation/policy", Json(body), Ct);

        var problem = await bad.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Contains(problem["errors"]!.AsObject(), e => e.Key.StartsWith(problemField, StringComparison.Ordinal));
        Assert.Equal([Binary], (await fixture.Client.GetGrain<IAttestationPolicyGrain>(0).Get()).Binaries);
    }

    [Fact]
    public async Task Too_many_entries_are_refused()
    {
        var body = Policy();
        body["onnxRuntimeVersions"] = new JsonArray(Enumerable.Range(0, 257).Select(i => (JsonNode)JsonValue.Create($"1.{i}.0")).ToArray());
        using var bad = await fixture.Http("dev-key").PutAsync("/v1/attestation/policy", Json(body), Ct);
        Assert.Contains("at most 256", (await bad.Expect(HttpStatusCode.BadRequest))["errors"]!["onnxRuntimeVersions"]![0].Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_and_operators_see_a_miners_attestation_and_its_refusal_strangers_do_not()
    {
        var measurement = new AttestationMeasurement(Binary, "1.31.0", "560.35.03", ["GPU-1"], "Linux 6.8");
        using var put = await fixture.Http("dev-key").PutAsync("/v1/attestation/policy", Json(Policy()), Ct);
        await put.Expect(HttpStatusCode.OK);
        var owner = await fixture.NewTenant(0m);
        var minerId = TestMiner.NewMinerId();
        using var miner = new TestMiner(fixture.Client, minerId);
        using var enrol = await owner.Http.PostAsync("/v1/miners", Json(new JsonObject { ["publicKey"] = miner.PublicKey, ["minerId"] = minerId }), Ct);
        await enrol.Expect(HttpStatusCode.Created);
        var grain = fixture.Client.GetGrain<IMinerAttestationGrain>(minerId);
        var challenge = await grain.Challenge();
        Assert.True((await grain.Attest(AttestationPayload.Sign(minerId, challenge.Nonce, measurement, miner.Sign))).Accepted);

        using var mine = await owner.Http.GetAsync($"/v1/miners/{minerId}/attestation", Ct);
        var attested = await mine.Expect(HttpStatusCode.OK);
        Assert.True(attested["attested"]!.GetValue<bool>());
        Assert.Equal(fixture.Cluster.Time.GetUtcNow().AddHours(24), attested["validUntil"]!.GetValue<DateTimeOffset>());
        Assert.Equal(0.8, attested["integrityScore"]!.GetValue<double>(), 6); // the driver is over 365 days old by the fixture's clock
        Assert.Equal("GPU-1", attested["measurement"]!["gpuUuids"]![0].Text());

        challenge = await grain.Challenge();
        Assert.False((await grain.Attest(AttestationPayload.Sign(minerId, challenge.Nonce, measurement with { OnnxRuntimeVersion = "1.0.0" }, miner.Sign))).Accepted);
        using var refused = await fixture.Http("dev-key").GetAsync($"/v1/miners/{minerId}/attestation", Ct);
        var view = await refused.Expect(HttpStatusCode.OK);
        Assert.False(view["attested"]!.GetValue<bool>());
        Assert.Contains("ONNX Runtime 1.0.0 is not on the allowlist", view["lastRefusal"].Text(), StringComparison.Ordinal);

        var stranger = await fixture.NewTenant(0m);
        using var theirs = await stranger.Http.GetAsync($"/v1/miners/{minerId}/attestation", Ct);
        await theirs.Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Operators_see_a_gpus_integrity_record_with_its_challenge_flag_and_others_do_not()
    {
        using var miner = new TestMiner(fixture.Client, TestMiner.NewMinerId());
        var gpuId = miner.GpuId("gpu0");
        await miner.Register(fixture.Client, [TestMiner.Gpu(gpuId, -33.87, 151.21)]);
        await fixture.Client.GetGrain<IGpuIntegrityGrain>(gpuId).RecordChallenge(
            new HardwareChallengeResult($"j-{Guid.NewGuid():N}", true, MeasuredMs: 120, ExpectedMs: 2, "the checked rows match"));
        try
        {
            using var read = await fixture.Http("dev-key").GetAsync($"/v1/gpus/{gpuId}/integrity", Ct);
            var record = await read.Expect(HttpStatusCode.OK);
            Assert.False(record["blocked"]!.GetValue<bool>());
            Assert.StartsWith("suspected misreported model", record["flags"]![0].Text(), StringComparison.Ordinal);
            Assert.Equal(0, record["challenges"]!["issued"]!.GetValue<int>()); // challenges are off in the shared cluster

            var owner = await fixture.NewTenant(0m);
            using var theirs = await owner.Http.GetAsync($"/v1/gpus/{gpuId}/integrity", Ct);
            await theirs.Expect(HttpStatusCode.Forbidden);
            using var unknown = await fixture.Http("dev-key").GetAsync("/v1/gpus/nobody:gpu9/integrity", Ct);
            await unknown.Expect(HttpStatusCode.NotFound);
        }
        finally
        {
            await fixture.Client.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>The shared cluster's allowlist is empty again for the tests that follow.</summary>
    public async ValueTask DisposeAsync() => await fixture.Client.GetGrain<IAttestationPolicyGrain>(0).Set(AttestationPolicy.Empty);
}
