using System.Net;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Tests.Fixtures;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>No key is 401, a wrong role 403, another tenant's job 404; the development key only in development.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayAuthTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public static TheoryData<string, string> ProtectedEndpoints => new()
    {
        { "POST", "/v1/quotes" },
        { "POST", "/v1/jobs" },
        { "GET", "/v1/jobs" },
        { "GET", "/v1/jobs/j-1" },
        { "DELETE", "/v1/jobs/j-1" },
        { "GET", "/v1/jobs/j-1/events" },
        { "POST", "/v1/models?name=x" },
        { "GET", "/v1/models" },
        { "GET", "/v1/models/m-1/content" },
        { "GET", "/v1/gpus" },
        { "GET", "/v1/regions" },
        { "GET", "/v1/markets/eu-west/inference" },
        { "GET", "/v1/profiles" },
        { "GET", "/v1/profiles/match?name=x" },
        { "POST", "/v1/miners" },
        { "GET", "/v1/miners/miner-1" },
        { "GET", "/v1/accounts/me" },
        { "POST", "/v1/accounts/a/credit" },
        { "POST", "/v1/keys" },
    };

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task Without_a_key_every_api_endpoint_answers_401_with_a_problem(string method, string path)
    {
        HttpContent content = path.StartsWith("/v1/models?", StringComparison.Ordinal) ? new ByteArrayContent([1, 2, 3]) : Json("{}");
        content.Headers.ContentType ??= new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        using var response = await fixture.Http().SendAsync(request, Ct);

        var problem = await response.Expect(HttpStatusCode.Unauthorized);
        Assert.Equal(401, problem["status"]!.GetValue<int>());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer aitbc_not-a-real-key")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer ")]
    public async Task An_unknown_or_malformed_key_is_401(string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/accounts/me");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await fixture.Http().SendAsync(request, Ct);
        await response.Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_without_the_role_is_403()
    {
        var submitter = await fixture.NewTenant();
        using var credit = await submitter.Http.PostAsync("/v1/accounts/x/credit", Json("""{"amount":1,"operationId":"o"}"""), Ct);
        await credit.Expect(HttpStatusCode.Forbidden);
        using var keys = await submitter.Http.PostAsync("/v1/keys", Json("""{"accountId":"x","roles":["operator"]}"""), Ct);
        await keys.Expect(HttpStatusCode.Forbidden);
        using var account = await submitter.Http.GetAsync("/v1/accounts/someone-else", Ct);
        await account.Expect(HttpStatusCode.Forbidden);

        var minerKey = await fixture.IssueKey("miner:m-1", [AccessRoles.Miner], "m-1");
        using var quote = await fixture.Http(minerKey).PostAsync("/v1/quotes", Json("{}"), Ct);
        await quote.Expect(HttpStatusCode.Forbidden);
        using var enrol = await fixture.Http(minerKey).PostAsync("/v1/miners", Json("{}"), Ct);
        await enrol.Expect(HttpStatusCode.Forbidden);

        var operatorOnly = fixture.Http(await fixture.IssueKey($"ops-{Guid.NewGuid():N}", [AccessRoles.Operator]));
        using var submit = await operatorOnly.PostAsync("/v1/jobs", Json("{}"), Ct);
        await submit.Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Another_tenants_job_is_404_for_read_cancel_and_events_and_stays_untouched()
    {
        var owner = await fixture.NewTenant();
        var intruder = await fixture.NewTenant();
        var modelId = await owner.Http.UploadModel(TestModels.Identity4());
        await using var miner = await fixture.StartMiner(55.75, 37.62, MinerReaction.Silent); // Moscow
        using var submitted = await owner.Http.PostAsync("/v1/jobs", Json(Job(modelId, 55.7, 37.6)), Ct);
        var jobId = (await submitted.Expect(HttpStatusCode.Accepted))["jobId"].Text();

        using var read = await intruder.Http.GetAsync($"/v1/jobs/{jobId}", Ct);
        await read.Expect(HttpStatusCode.NotFound);
        using var cancel = await intruder.Http.DeleteAsync($"/v1/jobs/{jobId}", Ct);
        await cancel.Expect(HttpStatusCode.NotFound);
        using var events = await intruder.Http.GetAsync($"/v1/jobs/{jobId}/events", Ct);
        await events.Expect(HttpStatusCode.NotFound);
        using var list = await intruder.Http.GetAsync("/v1/jobs", Ct);
        Assert.Empty((await list.Expect(HttpStatusCode.OK)).AsArray());

        using var mine = await owner.Http.GetAsync($"/v1/jobs/{jobId}", Ct);
        Assert.NotEqual("cancelled", (await mine.Expect(HttpStatusCode.OK))["status"].Text());
        using var done = await owner.Http.DeleteAsync($"/v1/jobs/{jobId}", Ct);
        Assert.Equal("cancelled", (await done.Expect(HttpStatusCode.OK))["status"].Text());
    }

    [Fact]
    public async Task The_development_key_works_in_development()
    {
        using var response = await fixture.Http("dev-key").GetAsync("/v1/accounts/me", Ct);
        var account = await response.Expect(HttpStatusCode.OK);
        Assert.Equal("dev", account["accountId"].Text());
        Assert.Equal(["submitter", "operator"], account["roles"]!.AsArray().Select(r => r.Text()));
    }
}
