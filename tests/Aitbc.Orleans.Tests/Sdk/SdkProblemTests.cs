using System.Net;
using Aitbc.Orleans.Sdk;
using Aitbc.Orleans.Sdk.Contracts;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Tests.Gateway;
using Kit = Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Sdk;

/// <summary>Every refusal surfaces as an AitbcApiException carrying the gateway's RFC 7807 problem.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SdkProblemTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task An_unknown_job_is_a_not_found_problem()
    {
        using var sdk = fixture.Sdk(await fixture.NewTenant());

        var error = await Assert.ThrowsAsync<AitbcApiException>(() => sdk.GetJobAsync("j-does-not-exist", Kit.Ct));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(404, error.Problem.Status);
        Assert.Equal("Not found", error.Title);
        Assert.Contains("j-does-not-exist", error.Detail, StringComparison.Ordinal);
        Assert.StartsWith("404 Not found: ", error.Message, StringComparison.Ordinal);
        Assert.Empty(error.Errors);
    }

    [Fact]
    public async Task A_malformed_submission_is_a_validation_problem_with_messages_per_field_and_creates_no_job()
    {
        var tenant = await fixture.NewTenant();
        using var sdk = fixture.Sdk(tenant);
        var modelId = (await sdk.UploadModelAsync(TestModels.Identity4(), "sdk-bad-input", cancellationToken: Kit.Ct)).Model.ModelId;

        var error = await Assert.ThrowsAsync<AitbcApiException>(() => sdk.SubmitJobAsync(new JobRequest
        {
            ModelId = modelId,
            Inputs = new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloats([1, 4], 1, 2, 3) },
            Client = new Location(95, 0),
            MaxPrice = 1m,
        }, Kit.Ct));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("inputs.x.data", error.Errors.Keys);
        Assert.Contains("client.lat", error.Errors.Keys);
        Assert.Contains("inputs.x.data: ", error.Message, StringComparison.Ordinal);
        Assert.Empty(await sdk.ListJobsAsync(cancellationToken: Kit.Ct));
    }

    [Fact]
    public async Task A_wrong_key_is_unauthorized_and_an_oversized_model_is_too_large()
    {
        var tenant = await fixture.NewTenant();
        using var stranger = fixture.Sdk(tenant, o => o.ApiKey = "not-a-key");
        var unauthorized = await Assert.ThrowsAsync<AitbcApiException>(() => stranger.ListModelsAsync(cancellationToken: Kit.Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);

        using var sdk = fixture.Sdk(tenant);
        var tooLarge = await Assert.ThrowsAsync<AitbcApiException>(() => sdk.UploadModelAsync(new byte[3 * 1024 * 1024], "huge", cancellationToken: Kit.Ct));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(413, tooLarge.Problem.Status);
        Assert.Equal(0, (await sdk.ListModelsAsync(1, 200, Kit.Ct)).Items.Count(m => m.Name == "huge"));
    }
}
