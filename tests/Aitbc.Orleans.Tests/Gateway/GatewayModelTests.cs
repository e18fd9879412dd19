using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using ModelDownloader = Aitbc.Orleans.Miner.Models.ModelDownloader;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>Model upload (signature read by ONNX Runtime, content-addressed, chunked), listing and ranged download.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayModelTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task An_upload_reads_the_signature_and_the_same_bytes_register_once()
    {
        var tenant = await fixture.NewTenant();
        var bytes = TestModels.Identity4();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var created = await tenant.Http.PostAsync("/v1/models?name=identity&license=Apache-2.0", content, Ct);
        var model = await created.Expect(HttpStatusCode.Created);
        Assert.Equal("m-" + sha[..16], model["modelId"].Text());
        Assert.Equal(sha, model["sha256"].Text());
        Assert.Equal(bytes.Length, model["sizeBytes"]!.GetValue<long>());
        Assert.Equal("identity", model["name"].Text());
        Assert.Equal("Apache-2.0", model["license"].Text());
        Assert.Equal(tenant.AccountId, model["ownerAccountId"].Text());
        var input = Assert.Single(model["inputs"]!.AsArray())!;
        Assert.Equal("x", input["name"].Text());
        Assert.Equal("float32", input["type"].Text());
        Assert.Equal([-1L, 4L], input["shape"]!.AsArray().Select(d => d!.GetValue<long>()));
        Assert.Equal("y", Assert.Single(model["outputs"]!.AsArray())!["name"].Text());
        Assert.Equal($"/v1/models/{model["modelId"].Text()}", created.Headers.Location?.OriginalString);

        using var again = new ByteArrayContent(bytes);
        again.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var repeated = await tenant.Http.PostAsync("/v1/models?name=other-name", again, Ct);
        var same = await repeated.Expect(HttpStatusCode.OK);
        Assert.Equal(model["modelId"].Text(), same["modelId"].Text());
        Assert.Equal("identity", same["name"].Text());

        using var one = await tenant.Http.GetAsync($"/v1/models/{model["modelId"].Text()}", Ct);
        Assert.Equal(sha, (await one.Expect(HttpStatusCode.OK))["sha256"].Text());

        using var list = await tenant.Http.GetAsync("/v1/models?page=1&pageSize=200", Ct);
        var page = await list.Expect(HttpStatusCode.OK);
        Assert.Contains(page["items"]!.AsArray(), m => m!["modelId"].Text() == model["modelId"].Text());
        Assert.True(page["total"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task Content_downloads_whole_and_resumes_with_ranges_across_chunks()
    {
        var tenant = await fixture.NewTenant();
        var bytes = TestModels.MultiChunk();
        Assert.True(bytes.Length > ModelStore.ChunkSize, "the model should span more than one chunk");
        var modelId = await tenant.Http.UploadModel(bytes);

        using var model = await tenant.Http.GetAsync($"/v1/models/{modelId}", Ct);
        var info = await model.Expect(HttpStatusCode.OK);
        Assert.Equal(2, info["chunkCount"]!.GetValue<int>());
        Assert.Equal(300_000, info["parameterCount"]!.GetValue<long>());

        using var whole = await tenant.Http.GetAsync($"/v1/models/{modelId}/content", Ct);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("bytes", whole.Headers.AcceptRanges.Single());
        Assert.Equal(bytes, await whole.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal($"\"{info["sha256"].Text()}\"", whole.Headers.ETag?.Tag);

        var from = ModelStore.ChunkSize - 100; // straddles the chunk boundary
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/models/{modelId}/content");
        request.Headers.Range = new RangeHeaderValue(from, null);
        using var partial = await tenant.Http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(from, partial.Content.Headers.ContentRange!.From);
        Assert.Equal(bytes.Length - 1, partial.Content.Headers.ContentRange.To);
        Assert.Equal(bytes.Length, partial.Content.Headers.ContentRange.Length);
        Assert.Equal(bytes[from..], await partial.Content.ReadAsByteArrayAsync(Ct));

        using var middle = new HttpRequestMessage(HttpMethod.Get, $"/v1/models/{modelId}/content");
        middle.Headers.Range = new RangeHeaderValue(1_000_000, 1_100_000);
        using var slice = await tenant.Http.SendAsync(middle, Ct);
        Assert.Equal(HttpStatusCode.PartialContent, slice.StatusCode);
        Assert.Equal(bytes[1_000_000..1_100_001], await slice.Content.ReadAsByteArrayAsync(Ct));

        using var past = new HttpRequestMessage(HttpMethod.Get, $"/v1/models/{modelId}/content");
        past.Headers.Range = new RangeHeaderValue(bytes.Length, null);
        using var unsatisfiable = await tenant.Http.SendAsync(past, Ct);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);
        Assert.Equal(bytes.Length, unsatisfiable.Content.Headers.ContentRange!.Length);
    }

    [Fact]
    public async Task The_miner_downloader_resumes_a_partial_file_from_the_gateway()
    {
        var tenant = await fixture.NewTenant();
        var bytes = TestModels.MultiChunk();
        var modelId = await tenant.Http.UploadModel(bytes);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var directory = Directory.CreateTempSubdirectory("aitbc-download-");
        try
        {
            var destination = Path.Combine(directory.FullName, "model.onnx");
            await File.WriteAllBytesAsync(destination + ModelDownloader.PartialSuffix, bytes[..1_000_000], Ct);
            var downloader = new ModelDownloader(
                tenant.Http, NullLogger<ModelDownloader>.Instance);

            await downloader.DownloadAsync(ModelDownloader.ContentUri(fixture.BaseAddress, modelId), destination, sha, cancellationToken: Ct);

            Assert.Equal(bytes, await File.ReadAllBytesAsync(destination, Ct));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
