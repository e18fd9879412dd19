using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Tests.Gateway;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Models;

/// <summary>
/// The licensed marketplace through the HTTP API on the shared test cluster: structured licenses refuse the uses they do
/// not permit, royalties reach the owner exactly once through the ledger, private models stay with their owner, and the
/// same bytes are stored once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ModelMarketplaceTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static async Task<JsonNode> Upload(TestTenant tenant, byte[] bytes, string query, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await tenant.Http.PostAsync($"/v1/models?name=licensed&{query}", content, Ct);
        return await response.Expect(expected);
    }

    private static async Task<decimal> Balance(TestTenant tenant)
    {
        using var response = await tenant.Http.GetAsync("/v1/accounts/me", Ct);
        return (await response.Expect(HttpStatusCode.OK))["balance"].Decimal();
    }

    [Fact]
    public async Task A_job_whose_use_the_license_does_not_permit_is_refused_with_the_reason_and_nothing_is_held()
    {
        var owner = await fixture.NewTenant();
        var user = await fixture.NewTenant(10m);
        var model = await Upload(owner, TestModels.Identity4(), "license=CC-BY-NC-4.0&commercialUse=false&allowedUses=research,personal&published=true");
        var id = model["modelId"].Text();
        Assert.False(model["terms"]!["commercialUse"]!.GetValue<bool>());

        using var commercial = await user.Http.PostAsync("/v1/jobs", Json(Job(id, 10, 10)), Ct);
        var refused = await commercial.Expect(HttpStatusCode.Forbidden);
        Assert.Contains("does not allow commercial use", refused["detail"].Text(), StringComparison.Ordinal);

        var evaluation = Job(id, 10, 10);
        evaluation["use"] = "evaluation";
        using var notListed = await user.Http.PostAsync("/v1/jobs", Json(evaluation), Ct);
        Assert.Contains("allows only research, personal use", (await notListed.Expect(HttpStatusCode.Forbidden))["detail"].Text(), StringComparison.Ordinal);

        Assert.Equal(10m, await Balance(user));
    }

    [Fact]
    public async Task The_royalty_is_credited_to_the_owner_once_at_settlement_out_of_the_charge()
    {
        var owner = await fixture.NewTenant(0m);
        var user = await fixture.NewTenant(10m);
        var id = (await Upload(owner, TestModels.Identity4(), "license=MIT&royalty=0.25&published=true"))["modelId"].Text();
        await using var miner = await fixture.StartMiner(-33.9, 18.4);

        using var submitted = await user.Http.PostAsync("/v1/jobs?wait=20", Json(Job(id, -33.9, 18.4, maxPrice: 1m)), Ct);
        var job = await submitted.ReadJson();
        var done = await user.Http.WaitForStatus(job["jobId"].Text(), "completed");
        Assert.Equal(0.25m, done["royalty"].Decimal());
        var charged = done["priceCharged"].Decimal();
        Assert.True(charged > 0.25m, $"the charge {charged} includes the royalty");

        // The tenant pays the charge once; the owner receives the royalty once (batched transfers arrive a moment later).
        Assert.Equal(10m - charged, (await user.Http.SettledAccount())["balance"].Decimal());
        await TestWait.Until(async () => await Balance(owner) == 0.25m, TimeSpan.FromSeconds(30), "the owner's royalty arrives");

        // A repeat of the settlement (the job's exactly-once step) pays nothing more.
        var again = await fixture.Client.GetGrain<Aitbc.Orleans.Ledger.IAccountGrain>(user.AccountId).Apply(new Aitbc.Orleans.Ledger.LedgerOperation(
            $"escrow:{job["jobId"].Text()}:settle", Aitbc.Orleans.Ledger.LedgerOperationKind.Settle, charged, "escrow settled", job["jobId"].Text(),
            Counterparty: "someone", Royalty: 0.25m, RoyaltyPayee: owner.AccountId));
        Assert.True(again.Duplicate);
        Assert.Equal(0.25m, await Balance(owner));
    }

    [Fact]
    public async Task A_private_model_is_invisible_to_other_tenants_and_the_same_bytes_are_stored_once()
    {
        var owner = await fixture.NewTenant();
        var other = await fixture.NewTenant();
        var bytes = TestModels.Identity4();
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        var model = await Upload(owner, bytes, "license=proprietary&royalty=0.5");
        var id = model["modelId"].Text();
        Assert.False(model["published"]!.GetValue<bool>());

        // The owner's second upload is the same model; nothing new is stored.
        var again = await Upload(owner, bytes, "license=MIT", HttpStatusCode.OK);
        Assert.Equal(id, again["modelId"].Text());

        // Another tenant sees nothing of it: not by id, not in the list, not its content, and cannot run it.
        using (var get = await other.Http.GetAsync($"/v1/models/{id}", Ct))
        {
            await get.Expect(HttpStatusCode.NotFound);
        }

        using (var content = await other.Http.GetAsync($"/v1/models/{id}/content", Ct))
        {
            await content.Expect(HttpStatusCode.NotFound);
        }

        using (var list = await other.Http.GetAsync("/v1/models?page=1&pageSize=200", Ct))
        {
            Assert.DoesNotContain((await list.Expect(HttpStatusCode.OK))["items"]!.AsArray(), m => m!["modelId"].Text() == id);
        }

        using (var job = await other.Http.PostAsync("/v1/jobs", Json(Job(id, 10, 10)), Ct))
        {
            await job.Expect(HttpStatusCode.NotFound);
        }

        // The other tenant uploading the same bytes gets a model of its own (its license, no royalty to the first
        // owner) over the same stored chunks: one chunk grain per chunk, keyed by the bytes' SHA-256.
        var theirs = await Upload(other, bytes, "license=MIT");
        Assert.NotEqual(id, theirs["modelId"].Text());
        Assert.Equal(sha, theirs["sha256"].Text());
        Assert.Equal(0m, theirs["terms"]!["royaltyPerInference"].Decimal());
        Assert.Equal(ModelStore.OwnModelIdFor(sha, other.AccountId), theirs["modelId"].Text());
        var stored = await fixture.Client.GetGrain<IModelChunkGrain>(ModelStore.ChunkKey(sha, 0)).Read();
        Assert.Equal(bytes, stored);
    }

    [Fact]
    public async Task Variants_are_listed_with_their_error_and_download_with_ranges_and_a_deployment_reports_ready()
    {
        var tenant = await fixture.NewTenant();
        var mlp = Aitbc.Orleans.Onnx.Building.DemoModels.Mlp(2, 64, 16, 8, seed: 31, name: Guid.NewGuid().ToString("N"));
        var id = (await Upload(tenant, mlp.ModelBytes, "license=MIT"))["modelId"].Text();

        JsonNode variants = new JsonObject();
        await TestWait.Until(async () =>
        {
            using var response = await tenant.Http.GetAsync($"/v1/models/{id}/variants", Ct);
            variants = await response.Expect(HttpStatusCode.OK);
            return variants["buildStatus"].Text() == "built";
        }, TimeSpan.FromMinutes(2), "the variants are built");
        var listed = variants["variants"]!.AsArray();
        Assert.Equal(["fp32", "fp16", "int8"], listed.Select(v => v!["precision"].Text()));
        var int8 = listed[2]!;
        Assert.True(int8["deployable"]!.GetValue<bool>(), int8.ToJsonString());
        Assert.True(int8["sizeBytes"]!.GetValue<long>() < mlp.ModelBytes.Length);
        Assert.InRange(int8["relativeL2"]!.GetValue<double>(), 0, 0.05);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/models/{id}/variants/int8/content");
        request.Headers.Range = new RangeHeaderValue(10, null);
        using var partial = await tenant.Http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        using var whole = await tenant.Http.GetAsync($"/v1/models/{id}/variants/int8/content", Ct);
        var bytes = await whole.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(int8["sha256"].Text(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        Assert.Equal(bytes[10..], await partial.Content.ReadAsByteArrayAsync(Ct));
        using (var bad = await tenant.Http.GetAsync($"/v1/models/{id}/variants/fp8/content", Ct))
        {
            await bad.Expect(HttpStatusCode.BadRequest);
        }

        await using var miner = await fixture.StartMiner(-12.0, -77.0);
        using (var neither = await tenant.Http.PostAsync($"/v1/models/{id}/deployments", Json(new JsonObject()), Ct))
        {
            await neither.Expect(HttpStatusCode.BadRequest);
        }

        using var deploy = await tenant.Http.PostAsync(
            $"/v1/models/{id}/deployments", Json(new JsonObject { ["gpuIds"] = new JsonArray(miner.GpuId) }), Ct);
        var started = await deploy.Expect(HttpStatusCode.Accepted);
        var location = deploy.Headers.Location!.OriginalString;
        await TestWait.Until(async () =>
        {
            using var status = await tenant.Http.GetAsync(location, Ct);
            return (await status.Expect(HttpStatusCode.OK))["status"].Text() == "ready";
        }, TimeSpan.FromSeconds(30), "the deployment is ready");
        Assert.Equal(miner.GpuId, started["targets"]![0]!["gpuId"].Text());
        Assert.Contains(miner.Miner.Prefetched, p => p.ModelId == id && p.GpuId == miner.GpuId);
    }

    [Fact]
    public async Task Training_is_refused_at_quote_and_at_submission_with_the_reason()
    {
        var tenant = await fixture.NewTenant();
        var id = await tenant.Http.UploadModel(TestModels.Identity4());
        var quote = new JsonObject
        {
            ["modelId"] = id, ["jobType"] = "training", ["latencyClass"] = "standard", ["client"] = new JsonObject { ["lat"] = 10, ["lon"] = 10 },
        };
        using var quoted = await tenant.Http.PostAsync("/v1/quotes", Json(quote), Ct);
        Assert.Contains("training jobs are not supported", (await quoted.Expect(HttpStatusCode.UnprocessableEntity))["detail"].Text(), StringComparison.Ordinal);

        var job = Job(id, 10, 10);
        job["jobType"] = "training";
        using var submitted = await tenant.Http.PostAsync("/v1/jobs", Json(job), Ct);
        Assert.Contains("training jobs are not supported", (await submitted.Expect(HttpStatusCode.UnprocessableEntity))["detail"].Text(), StringComparison.Ordinal);
    }
}
