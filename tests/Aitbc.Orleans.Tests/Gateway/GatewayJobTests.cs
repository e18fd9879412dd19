using System.Net;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Tests.Fixtures;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>The job endpoints' happy paths over real Kestrel: quote, submit (waiting or not), read, list, cancel, idempotency.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayJobTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_quoted_job_waits_completes_on_the_nearby_gpu_and_is_charged_the_quote()
    {
        var tenant = await fixture.NewTenant(100m);
        var modelId = await tenant.Http.UploadModel(TestModels.Identity4());
        await using var miner = await fixture.StartMiner(48.86, 2.35); // Paris

        using var quoteResponse = await tenant.Http.PostAsync("/v1/quotes", Json($$"""
            {"modelId":"{{modelId}}","jobType":"inference","latencyClass":"standard","client":{"lat":48.8,"lon":2.3},"complexity":1}
            """), Ct);
        var quote = await quoteResponse.Expect(HttpStatusCode.OK);
        Assert.StartsWith("q-", quote["quoteId"].Text(), StringComparison.Ordinal);
        Assert.Equal("eu-france", quote["region"].Text());
        Assert.True(quote["price"].Decimal() > 0);
        Assert.NotNull(quote["multipliers"]!["latencyClass"]);
        Assert.NotNull(quote["expiresAt"]);
        Assert.Equal("AITBC", quote["currency"].Text());

        using var submitted = await tenant.Http.PostAsync("/v1/jobs?wait=20", Json(Job(modelId, 48.8, 2.3, quoteId: quote["quoteId"].Text())), Ct);
        var job = await submitted.Expect(HttpStatusCode.OK);
        Assert.Equal("completed", job["status"].Text());
        Assert.Equal(miner.GpuId, job["gpuId"].Text());
        Assert.Equal("eu-france", job["region"].Text());
        Assert.Equal("edge", job["pool"].Text());
        Assert.False(job["fellBackToCloud"]!.GetValue<bool>());
        Assert.Equal(quote["price"].Decimal(), job["priceCharged"].Decimal());
        var output = job["outputs"]!["y"]!;
        Assert.Equal("float32", output["type"].Text());
        Assert.Equal([1L, 4L], output["shape"]!.AsArray().Select(d => d!.GetValue<long>()));
        Assert.Equal([1f, 2f, 3f, 4f], output["data"]!.AsArray().Select(d => d!.GetValue<float>()));
        Assert.True(job["timings"]!["totalMs"]!.GetValue<double>() >= 0);
        Assert.NotNull(job["timings"]!["inferenceMs"]);

        var jobId = job["jobId"].Text();
        using var read = await tenant.Http.GetAsync($"/v1/jobs/{jobId}", Ct);
        var again = await read.Expect(HttpStatusCode.OK);
        Assert.Equal("completed", again["status"].Text());
        Assert.Equal(miner.GpuId, again["gpuId"].Text());

        using var list = await tenant.Http.GetAsync("/v1/jobs?limit=10", Ct);
        var jobs = (await list.Expect(HttpStatusCode.OK)).AsArray();
        Assert.Equal(jobId, Assert.Single(jobs)!["jobId"].Text());

        Assert.Equal(100m - quote["price"].Decimal(), (await tenant.Http.SettledAccount())["balance"].Decimal());
    }

    [Fact]
    public async Task Without_wait_a_job_is_accepted_with_202_and_a_location_and_an_idempotency_key_replays_it()
    {
        var tenant = await fixture.NewTenant(100m);
        var modelId = await tenant.Http.UploadModel(TestModels.Identity4());
        await using var miner = await fixture.StartMiner(40.42, -3.70); // Madrid
        var body = Job(modelId, 40.4, -3.7, maxPrice: 0.5m);
        body["idempotencyKey"] = "order-42";
        body["preferCloud"] = false;
        body["requireAttestation"] = false;

        using var first = await tenant.Http.PostAsync("/v1/jobs", Json(body), Ct);
        var accepted = await first.Expect(HttpStatusCode.Accepted);
        var jobId = accepted["jobId"].Text();
        Assert.Equal($"/v1/jobs/{jobId}", first.Headers.Location?.OriginalString);
        Assert.Equal(0.5m, accepted["priceHeld"].Decimal());

        var done = await tenant.Http.WaitForStatus(jobId, "completed");
        Assert.True(done["priceCharged"].Decimal() <= 0.5m);

        using var replay = await tenant.Http.PostAsync("/v1/jobs", Json(body), Ct);
        var replayed = await replay.Expect(HttpStatusCode.OK);
        Assert.Equal(jobId, replayed["jobId"].Text());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());

        // The same key on a different request is a conflict, and creates nothing.
        var other = Job(modelId, 48.85, 2.35, maxPrice: 0.5m);
        other["idempotencyKey"] = "order-42";
        using var reused = await tenant.Http.PostAsync("/v1/jobs", Json(other), Ct);
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);

        using var list = await tenant.Http.GetAsync("/v1/jobs", Ct);
        Assert.Single((await list.Expect(HttpStatusCode.OK)).AsArray());
    }

    [Fact]
    public async Task Every_element_type_travels_as_json_numbers_and_comes_back_in_the_same_form()
    {
        var tenant = await fixture.NewTenant(100m);
        var modelId = await tenant.Http.UploadModel(TestModels.AllTypes(), "all-types");
        await using var miner = await fixture.StartMiner(35.68, 139.69); // Tokyo
        var inputs = new JsonObject
        {
            ["f32"] = Tensor("float32", [3], 1.5, -2.25, 3e10),
            ["f16"] = Tensor("float16", [3], 0.5, -65504, 1024),
            ["f64"] = Tensor("float64", [3], 1e300, -1e-300, 0.1),
            ["i64"] = Tensor("int64", [3], long.MaxValue, long.MinValue, 0),
            ["i32"] = Tensor("int32", [3], int.MaxValue, int.MinValue, 7),
            ["i8"] = Tensor("int8", [3], 127, -128, 0),
            ["u8"] = Tensor("uint8", [3], 255, 0, 17),
            ["b"] = Tensor("bool", [3], true, false, 1),
        };

        using var response = await tenant.Http.PostAsync("/v1/jobs?wait=20", Json(Job(modelId, 35.6, 139.7, inputs: inputs)), Ct);
        var job = await response.Expect(HttpStatusCode.OK);

        Assert.Equal("completed", job["status"].Text());
        var outputs = job["outputs"]!;
        Assert.Equal([1.5, -2.25, 3e10], Values<double>(outputs["f32_out"]));
        Assert.Equal([0.5, -65504, 1024], Values<double>(outputs["f16_out"]));
        Assert.Equal([1e300, -1e-300, 0.1], Values<double>(outputs["f64_out"]));
        Assert.Equal([long.MaxValue, long.MinValue, 0L], Values<long>(outputs["i64_out"]));
        Assert.Equal([int.MaxValue, int.MinValue, 7], Values<int>(outputs["i32_out"]));
        Assert.Equal([127, -128, 0], Values<int>(outputs["i8_out"]));
        Assert.Equal([255, 0, 17], Values<int>(outputs["u8_out"]));
        Assert.Equal([true, false, true], Values<bool>(outputs["b_out"]));
        foreach (var (name, _) in TestModels.Types)
        {
            Assert.Equal(inputs[name]!["type"].Text(), outputs[$"{name}_out"]!["type"].Text());
        }
    }

    [Fact]
    public async Task Cancelling_a_running_job_refunds_the_hold()
    {
        var tenant = await fixture.NewTenant(100m);
        var modelId = await tenant.Http.UploadModel(TestModels.Identity4());
        await using var miner = await fixture.StartMiner(-33.87, 151.21, MinerReaction.Silent); // Sydney

        using var submitted = await tenant.Http.PostAsync("/v1/jobs", Json(Job(modelId, -33.8, 151.2, maxPrice: 2m)), Ct);
        var jobId = (await submitted.Expect(HttpStatusCode.Accepted))["jobId"].Text();
        await tenant.Http.WaitForStatus(jobId, "dispatched");

        using var cancelled = await tenant.Http.DeleteAsync($"/v1/jobs/{jobId}", Ct);
        var job = await cancelled.Expect(HttpStatusCode.OK);
        Assert.Equal("cancelled", job["status"].Text());

        var account = await tenant.Http.SettledAccount();
        Assert.Equal(100m, account["balance"].Decimal());
        Assert.Equal(0m, account["escrow"].Decimal());
    }

    private static T[] Values<T>(JsonNode? tensor) => [.. tensor!["data"]!.AsArray().Select(v => v!.GetValue<T>())];
}
