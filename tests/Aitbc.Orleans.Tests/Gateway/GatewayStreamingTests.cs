using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Gateway.Rpc.V1;
using JobsClient = Aitbc.Orleans.Gateway.Rpc.V1.Jobs.JobsClient;
using RpcJob = Aitbc.Orleans.Gateway.Rpc.V1.Job;
using Aitbc.Orleans.Tests.Fixtures;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>Server-Sent Events over HTTP/1.1 and the gRPC service over HTTP/2 (h2c) on the same Kestrel endpoint.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayStreamingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task The_event_stream_sends_each_status_change_and_ends_after_the_terminal_one()
    {
        var tenant = await fixture.NewTenant();
        var modelId = await tenant.Http.UploadModel(TestModels.Identity4());
        await using var miner = await fixture.StartMiner(1.35, 103.82, MinerReaction.Silent); // Singapore
        using var submitted = await tenant.Http.PostAsync("/v1/jobs", Json(Job(modelId, 1.3, 103.8)), Ct);
        var jobId = (await submitted.Expect(HttpStatusCode.Accepted))["jobId"].Text();
        await tenant.Http.WaitForStatus(jobId, "dispatched");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/jobs/{jobId}/events");
        using var response = await tenant.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));

        var first = await NextEvent(reader);
        Assert.Equal("status", first.Event);
        Assert.Equal("dispatched", first.Data["status"].Text());
        Assert.Equal(first.Data["version"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture), first.Id);

        using var cancel = await tenant.Http.DeleteAsync($"/v1/jobs/{jobId}", Ct);
        await cancel.Expect(HttpStatusCode.OK);
        var statuses = new List<string>();
        while (await NextEventOrEnd(reader) is { } change)
        {
            statuses.Add(change.Data["status"].Text());
        }

        Assert.Equal("cancelled", statuses[^1]);
    }

    [Fact]
    public async Task A_grpc_client_quotes_submits_watches_reads_and_cancels()
    {
        var tenant = await fixture.NewTenant(100m);
        var modelId = await tenant.Http.UploadModel(TestModels.Identity4());
        await using var miner = await fixture.StartMiner(-1.29, 36.82); // Nairobi
        using var channel = GrpcChannel.ForAddress(fixture.GrpcAddress);
        var jobs = new JobsClient(channel);
        var auth = new Metadata { { "authorization", $"Bearer {tenant.Key}" } };

        var quote = await jobs.QuoteAsync(new QuoteRequest
        {
            ModelId = modelId, LatencyClass = "fast", Client = new Location { Lat = -1.3, Lon = 36.8 },
        }, auth, cancellationToken: Ct);
        Assert.Equal("af-east", quote.Region);
        Assert.True(decimal.Parse(quote.Price, CultureInfo.InvariantCulture) > 0);

        var floats = new[] { 2.5f, -1f, 0f, 7f };
        var input = new Tensor { Type = "float32", Shape = { 1, 4 }, Data = ByteString.CopyFrom(MemoryMarshal.AsBytes(floats.AsSpan())) };
        var submit = new SubmitRequest
        {
            ModelId = modelId, LatencyClass = "fast", Client = new Location { Lat = -1.3, Lon = 36.8 }, QuoteId = quote.QuoteId,
            IdempotencyKey = "grpc-1",
        };
        submit.Inputs["x"] = input;
        var accepted = await jobs.SubmitAsync(submit, auth, cancellationToken: Ct);
        Assert.StartsWith("j-", accepted.JobId, StringComparison.Ordinal);

        var seen = new List<RpcJob>();
        using (var watch = jobs.Watch(new JobRef { JobId = accepted.JobId }, auth, cancellationToken: Ct))
        {
            await foreach (var change in watch.ResponseStream.ReadAllAsync(Ct))
            {
                seen.Add(change);
            }
        }

        var last = seen[^1];
        Assert.Equal("completed", last.Status);
        Assert.True(seen.Select(j => j.Version).SequenceEqual(seen.Select(j => j.Version).Order()));
        Assert.Equal(miner.GpuId, last.GpuId);
        Assert.Equal(quote.Price, last.PriceCharged);
        Assert.Equal(input.Data, last.Outputs["y"].Data);

        var read = await jobs.GetAsync(new JobRef { JobId = accepted.JobId }, auth, cancellationToken: Ct);
        Assert.Equal("completed", read.Status);
        Assert.Equal("edge", read.Pool);
        var cancelled = await jobs.CancelAsync(new JobRef { JobId = accepted.JobId }, auth, cancellationToken: Ct);
        Assert.Equal("completed", cancelled.Status); // a finished job is returned unchanged

        var invalid = await Assert.ThrowsAsync<RpcException>(() => jobs.SubmitAsync(new SubmitRequest
        {
            ModelId = modelId, LatencyClass = "warp", Client = new Location { Lat = 91, Lon = 0 }, MaxPrice = "1",
        }, auth, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains("latencyClass", invalid.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("client.lat", invalid.Status.Detail, StringComparison.Ordinal);

        var nan = new SubmitRequest { ModelId = modelId, LatencyClass = "fast", Client = new Location { Lat = 0, Lon = 0 }, MaxPrice = "1" };
        nan.Inputs["x"] = new Tensor { Type = "float32", Shape = { 1, 4 }, Data = ByteString.CopyFrom(MemoryMarshal.AsBytes(new[] { float.NaN, 0f, 0f, 0f }.AsSpan())) };
        var notFinite = await Assert.ThrowsAsync<RpcException>(() => jobs.SubmitAsync(nan, auth, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, notFinite.StatusCode);

        var stranger = await fixture.NewTenant();
        var foreign = await Assert.ThrowsAsync<RpcException>(() => jobs.GetAsync(
            new JobRef { JobId = accepted.JobId }, new Metadata { { "x-api-key", stranger.Key } }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, foreign.StatusCode);

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => jobs.GetAsync(new JobRef { JobId = accepted.JobId }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    private static async Task<(string? Event, string? Id, JsonNode Data)> NextEvent(StreamReader reader) =>
        await NextEventOrEnd(reader) ?? throw new InvalidOperationException("the event stream ended early");

    /// <summary>The next "status" event, skipping keep-alive comments; null when the server ends the stream.</summary>
    private static async Task<(string? Event, string? Id, JsonNode Data)?> NextEventOrEnd(StreamReader reader)
    {
        string? name = null, id = null, data = null;
        while (await reader.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return (name, id, JsonNode.Parse(data)!);
                }

                continue;
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }

        return null;
    }
}
