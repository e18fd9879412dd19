using System.Net;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Sdk;
using Aitbc.Orleans.Sdk.Contracts;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Tests.Gateway;
using Microsoft.Extensions.Time.Testing;
using Kit = Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Sdk;

/// <summary>503 is retried after its Retry-After, and the idempotency key makes the retried submission the same job.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SdkRetryTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_submission_whose_answer_was_lost_is_retried_after_retry_after_and_makes_one_job()
    {
        var tenant = await fixture.NewTenant(100m);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var handler = new LostAnswerHandler(time, TimeSpan.FromSeconds(2), r => r.Method == HttpMethod.Post && r.RequestUri!.AbsolutePath == "/v1/jobs");
        using var sdk = fixture.Sdk(tenant, o => o.TimeProvider = time, handler);
        var modelId = (await sdk.UploadModelAsync(TestModels.Identity4(), "sdk-retry", cancellationToken: Kit.Ct)).Model.ModelId;
        await using var miner = await fixture.StartMiner(Places.SaoPaulo.Latitude, Places.SaoPaulo.Longitude, MinerReaction.Silent);

        var submit = sdk.SubmitJobAsync(new JobRequest
        {
            ModelId = modelId,
            Inputs = new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloats([1, 4], 1, 2, 3, 4) },
            Client = new Location(-23.5, -46.6),
            MaxPrice = 1m,
        }, Kit.Ct);
        // The client waits on its own clock: nothing is sent again until two (fake) seconds have passed.
        while (!submit.IsCompleted)
        {
            await Task.Delay(20, Kit.Ct);
            time.Advance(TimeSpan.FromMilliseconds(250));
        }

        var job = await submit;
        var posts = handler.Requests.Where(r => r.Method == HttpMethod.Post && r.Path == "/v1/jobs").ToList();
        Assert.Equal(2, posts.Count);
        Assert.True(posts[1].At - posts[0].At >= TimeSpan.FromSeconds(2), $"retried after {posts[1].At - posts[0].At}");
        var keys = posts.Select(p => JsonNode.Parse(p.Body!)!["idempotencyKey"]!.GetValue<string>()).ToList();
        Assert.StartsWith("sdk-", keys[0], StringComparison.Ordinal);
        Assert.Equal(keys[0], keys[1]);
        Assert.Equal(job.JobId, Assert.Single(await sdk.ListJobsAsync(cancellationToken: Kit.Ct)).JobId);
        await sdk.CancelJobAsync(job.JobId, Kit.Ct);
    }

    [Fact]
    public async Task A_retry_after_beyond_the_limit_is_not_waited_for_and_surfaces_as_the_problem()
    {
        var tenant = await fixture.NewTenant();
        using var handler = new LostAnswerHandler(TimeProvider.System, TimeSpan.FromMinutes(5), r => r.Method == HttpMethod.Get);
        using var sdk = fixture.Sdk(tenant, o => o.MaxRetryDelay = TimeSpan.FromSeconds(10), handler);

        var error = await Assert.ThrowsAsync<AitbcApiException>(() => sdk.ListJobsAsync(cancellationToken: Kit.Ct));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(5), error.RetryAfter);
        Assert.Equal("Cluster unavailable", error.Title);
        Assert.Single(handler.Requests);
    }
}
