using System.Net;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Tests.Fixtures;
using Grpc.Core;
using Grpc.Net.Client;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;
using JobsClient = Aitbc.Orleans.Gateway.Rpc.V1.Jobs.JobsClient;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>
/// A storage outage reaches clients as a retryable failure (503 with Retry-After, gRPC Unavailable), never as a 500 and
/// never as an acceptance that was not stored; the same request retried once storage is back is accepted.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayStorageFailureTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_submission_storage_cannot_take_is_a_503_with_retry_after_and_its_retry_is_accepted()
    {
        var tenant = await fixture.NewTenant(100m);
        var modelId = await tenant.Http.UploadModel(TestModels.Identity4());
        await using var miner = await fixture.StartMiner(-33.45, -70.67); // Santiago
        var body = Job(modelId, -33.4, -70.6, maxPrice: 0.5m);
        body["idempotencyKey"] = "outage-1";
        fixture.Cluster.Faults.FailWrites<JobState>("job", "", s => s.Submission?.TenantAccountId == tenant.AccountId);

        using var refused = await tenant.Http.PostAsync("/v1/jobs", Json(body), Ct);
        var problem = await refused.Expect(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Storage unavailable", problem["title"].Text());
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());

        using var retried = await tenant.Http.PostAsync("/v1/jobs?wait=20", Json(body), Ct);
        var job = await retried.Expect(HttpStatusCode.OK);
        Assert.Equal("completed", job["status"].Text());
        Assert.False(retried.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(100m - job["priceCharged"].Decimal(), (await tenant.Http.SettledAccount())["balance"].Decimal());
    }

    [Fact]
    public async Task A_grpc_submission_storage_cannot_take_is_unavailable()
    {
        var tenant = await fixture.NewTenant(100m);
        var modelId = await tenant.Http.UploadModel(TestModels.Identity4());
        using var channel = GrpcChannel.ForAddress(fixture.GrpcAddress);
        var jobs = new JobsClient(channel);
        var auth = tenant.GrpcAuth();
        var submit = GrpcJob(modelId, -12.05, -77.04, maxPrice: "0.5");
        fixture.Cluster.Faults.FailWrites<JobState>("job", "", s => s.Submission?.TenantAccountId == tenant.AccountId);

        var refused = await Assert.ThrowsAsync<RpcException>(() => jobs.SubmitAsync(submit, auth, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
    }
}
