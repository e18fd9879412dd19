using System.Net;
using Aitbc.Orleans.Tests.Fixtures;
using Grpc.Core;
using Grpc.Net.Client;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;
using JobsClient = Aitbc.Orleans.Gateway.Rpc.V1.Jobs.JobsClient;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>
/// The gateway's bound on job submissions in flight: beyond it a submission (HTTP or gRPC) is refused at once as
/// retryable, accepts nothing and moves no money; a place comes back when the held submission answers.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayAdmissionTests(AdmissionBoundGatewayFixture fixture) : IClassFixture<AdmissionBoundGatewayFixture>
{
    [Fact]
    public async Task A_submission_beyond_the_bound_gets_503_with_retry_after_and_changes_nothing_until_a_place_frees()
    {
        var tenant = await fixture.NewTenant(100m);
        var modelId = await tenant.Http.UploadModel(TestModels.Identity4());
        await using var miner = await fixture.StartMiner(-33.87, 151.21); // Sydney
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        miner.Miner.Work = _ => release.Task;

        // The one place: a waiting submission whose job the miner holds.
        var held = tenant.Http.PostAsync("/v1/jobs?wait=30", Json(Job(modelId, -33.8, 151.2)), Ct);
        await miner.Miner.FirstAssignment.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        using var before = await tenant.Http.GetAsync("/v1/accounts/me", Ct);
        var balance = (await before.Expect(HttpStatusCode.OK))["balance"].Decimal();

        using var refused = await tenant.Http.PostAsync("/v1/jobs", Json(Job(modelId, -33.8, 151.2)), Ct);
        var problem = await refused.Expect(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Gateway at capacity", problem["title"].Text());
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);

        using var channel = GrpcChannel.ForAddress(fixture.GrpcAddress);
        var rpcRefused = await Assert.ThrowsAsync<RpcException>(
            () => new JobsClient(channel).SubmitAsync(GrpcJob(modelId, -33.8, 151.2), tenant.GrpcAuth(), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, rpcRefused.StatusCode);
        Assert.Equal("1000", rpcRefused.Trailers.GetValue("grpc-retry-pushback-ms"));

        // Nothing accepted and no money moved: one job listed, the balance as it was with the first job's hold.
        using var listed = await tenant.Http.GetAsync("/v1/jobs?limit=10", Ct);
        Assert.Single((await listed.Expect(HttpStatusCode.OK)).AsArray());
        using var account = await tenant.Http.GetAsync("/v1/accounts/me", Ct);
        Assert.Equal(balance, (await account.Expect(HttpStatusCode.OK))["balance"].Decimal());

        // The held submission answers and gives its place back: the next one is accepted.
        release.SetResult();
        using (var first = await held)
        {
            Assert.Equal("completed", (await first.Expect(HttpStatusCode.OK))["status"].Text());
        }

        using var again = await tenant.Http.PostAsync("/v1/jobs?wait=30", Json(Job(modelId, -33.8, 151.2)), Ct);
        Assert.Equal("completed", (await again.Expect(HttpStatusCode.OK))["status"].Text());
    }
}
