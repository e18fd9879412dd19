using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Gateway.Rpc.V1;
using Aitbc.Orleans.Tests.Fixtures;
using Google.Protobuf;
using Grpc.Core;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>Steps the gateway tests share: upload a model, start a miner near a client, post JSON, read JSON.</summary>
public static class GatewayTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(JsonNode node) => Json(node.ToJsonString());

    public static async Task<JsonNode> ReadJson(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("empty JSON body");
    }

    /// <summary>Asserts the status and returns the JSON body; the message shows the body when the status is wrong.</summary>
    public static async Task<JsonNode> Expect(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Uploads a published model (so other tenants of a test may run it) and returns its id.</summary>
    public static async Task<string> UploadModel(this HttpClient http, byte[] model, string name = "test-model")
    {
        using var content = new ByteArrayContent(model);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync($"/v1/models?name={Uri.EscapeDataString(name)}&license=MIT&published=true", content, Ct);
        var body = await response.ReadJson();
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, body.ToJsonString());
        return body["modelId"]!.GetValue<string>();
    }

    /// <summary>A registered test miner with one GPU at (lat, lon); disposing it deregisters, so later tests never route to it.</summary>
    public static async Task<RunningMiner> StartMiner(this GatewayFixture fixture, double lat, double lon, MinerReaction reaction = MinerReaction.Complete)
    {
        var miner = new TestMiner(fixture.Client, $"miner-{Guid.NewGuid():N}") { Behaviour = _ => reaction };
        var gpu = TestMiner.Gpu(miner.GpuId("gpu"), lat, lon);
        await miner.Register(fixture.Client, [gpu]);
        return new RunningMiner(fixture.Client, miner, gpu);
    }

    public static JsonObject Job(string modelId, double lat, double lon, decimal? maxPrice = 1m, string? quoteId = null, JsonObject? inputs = null) =>
        new()
        {
            ["modelId"] = modelId,
            ["latencyClass"] = "standard",
            ["client"] = new JsonObject { ["lat"] = lat, ["lon"] = lon },
            ["inputs"] = inputs ?? new JsonObject { ["x"] = Tensor("float32", [1, 4], 1, 2, 3, 4) },
            [quoteId is null ? "maxPrice" : "quoteId"] = quoteId is null ? JsonValue.Create(maxPrice) : JsonValue.Create(quoteId),
        };

    public static JsonObject Tensor(string type, long[] shape, params JsonNode?[] data) =>
        new()
        {
            ["type"] = type,
            ["shape"] = new JsonArray([.. shape.Select(d => (JsonNode)d)]),
            ["data"] = new JsonArray(data),
        };

    public static async Task<JsonNode> WaitForStatus(this HttpClient http, string jobId, string status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var response = await http.GetAsync($"/v1/jobs/{jobId}", Ct);
            var job = await response.Expect(HttpStatusCode.OK);
            if (job["status"]!.GetValue<string>() == status || DateTime.UtcNow > deadline)
            {
                Assert.Equal(status, job["status"]!.GetValue<string>());
                return job;
            }

            await Task.Delay(50, Ct);
        }
    }

    /// <summary>
    /// The caller's account once nothing is held in escrow any more. A job reads as finished as soon as that is
    /// decided; its escrow settles a moment later.
    /// </summary>
    public static async Task<JsonNode> SettledAccount(this HttpClient http)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var response = await http.GetAsync("/v1/accounts/me", Ct);
            var account = await response.Expect(HttpStatusCode.OK);
            if (account["escrow"].Decimal() == 0 || DateTime.UtcNow > deadline)
            {
                return account;
            }

            await Task.Delay(20, Ct);
        }
    }

    public static decimal Decimal(this JsonNode? node) => node!.GetValue<decimal>();

    public static string Text(this JsonNode? node) => node!.GetValue<string>();

    public static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The tenant's key as gRPC call metadata.</summary>
    public static Metadata GrpcAuth(this TestTenant tenant) => new() { { "authorization", $"Bearer {tenant.Key}" } };

    /// <summary>A gRPC submission of the identity model's input x = [1, 2, 3, 4] (float32, 1×4) from the given place.</summary>
    public static SubmitRequest GrpcJob(string modelId, double lat, double lon, string maxPrice = "1", string latencyClass = "standard")
    {
        var floats = new[] { 1f, 2f, 3f, 4f };
        var submit = new SubmitRequest { ModelId = modelId, LatencyClass = latencyClass, Client = new Location { Lat = lat, Lon = lon }, MaxPrice = maxPrice };
        submit.Inputs["x"] = new Tensor { Type = "float32", Shape = { 1, 4 }, Data = ByteString.CopyFrom(MemoryMarshal.AsBytes(floats.AsSpan())) };
        return submit;
    }
}
