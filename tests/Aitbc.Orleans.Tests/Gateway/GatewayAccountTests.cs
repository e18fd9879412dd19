using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Tests.Fixtures;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>Miner enrolment and the owner's view, accounts, operator credits and keys, and the operations endpoints.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayAccountTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task An_owner_enrols_a_miner_and_sees_its_gpus_stake_and_earnings_and_the_credential_works()
    {
        var owner = await fixture.NewTenant();
        var miner = new TestMiner(fixture.Client, $"miner-{Guid.NewGuid():N}");
        using var enrol = await owner.Http.PostAsync("/v1/miners", Json(new JsonObject
        {
            ["publicKey"] = miner.PublicKey,
            ["name"] = "garage rig",
            ["minerId"] = miner.MinerId,
        }), Ct);
        var enrolled = await enrol.Expect(HttpStatusCode.Created);
        Assert.Equal(miner.MinerId, enrolled["minerId"].Text());
        Assert.Equal(owner.AccountId, enrolled["ownerAccountId"].Text());
        Assert.Equal(LedgerAccounts.ForMiner(miner.MinerId), enrolled["ledgerAccountId"].Text());
        var credential = enrolled["credential"].Text();
        Assert.StartsWith(ApiKeys.Prefix, credential, StringComparison.Ordinal);

        var gpuId = miner.GpuId("gpu");
        await miner.Register(fixture.Client, [TestMiner.Gpu(gpuId, 52.52, 13.40)], stake: 50m);
        try
        {
            using var view = await owner.Http.GetAsync($"/v1/miners/{miner.MinerId}", Ct);
            var seen = await view.Expect(HttpStatusCode.OK);
            Assert.Equal("garage rig", seen["name"].Text());
            Assert.True(seen["online"]!.GetValue<bool>());
            Assert.Equal(gpuId, Assert.Single(seen["gpus"]!.AsArray())!["gpuId"].Text());
            Assert.Equal(50m, seen["stake"].Decimal());
            Assert.Equal(0m, seen["earned"].Decimal());
            Assert.Empty(seen["slashes"]!.AsArray());

            var daemon = fixture.Http(credential);
            using var own = await daemon.GetAsync($"/v1/miners/{miner.MinerId}", Ct);
            await own.Expect(HttpStatusCode.OK);
            var modelId = await owner.Http.UploadModel(TestModels.Identity4());
            // A miner's credential downloads only the models of jobs assigned to its GPUs; this miner has none.
            using var download = await daemon.GetAsync($"/v1/models/{modelId}/content", Ct);
            Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
            using var submit = await daemon.PostAsync("/v1/jobs", Json(Job(modelId, 52.5, 13.4)), Ct);
            await submit.Expect(HttpStatusCode.Forbidden);

            var stranger = await fixture.NewTenant();
            using var hidden = await stranger.Http.GetAsync($"/v1/miners/{miner.MinerId}", Ct);
            await hidden.Expect(HttpStatusCode.NotFound);

            // Enrolling again with the same key rotates the credential; the old one stops working.
            using var again = await owner.Http.PostAsync("/v1/miners", Json(new JsonObject { ["publicKey"] = miner.PublicKey, ["minerId"] = miner.MinerId }), Ct);
            var rotated = await again.Expect(HttpStatusCode.OK);
            Assert.NotEqual(credential, rotated["credential"].Text());
            using var old = await daemon.GetAsync($"/v1/miners/{miner.MinerId}", Ct);
            await old.Expect(HttpStatusCode.Unauthorized);
            using var fresh = await fixture.Http(rotated["credential"].Text()).GetAsync($"/v1/miners/{miner.MinerId}", Ct);
            await fresh.Expect(HttpStatusCode.OK);
        }
        finally
        {
            await fixture.Client.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
            miner.Dispose();
        }
    }

    [Fact]
    public async Task A_miner_enrolled_without_an_id_gets_the_id_derived_from_its_key_and_another_owner_cannot_take_it()
    {
        var owner = await fixture.NewTenant();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = key.ExportSubjectPublicKeyInfo();
        var body = new JsonObject { ["publicKey"] = Convert.ToBase64String(spki) };

        using var enrol = await owner.Http.PostAsync("/v1/miners", Json(body.DeepClone()), Ct);
        Assert.Equal(MinerIds.FromPublicKey(spki), (await enrol.Expect(HttpStatusCode.Created))["minerId"].Text());

        var other = await fixture.NewTenant();
        using var taken = await other.Http.PostAsync("/v1/miners", Json(body.DeepClone()), Ct);
        await taken.Expect(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Operators_credit_accounts_once_per_operation_and_issue_and_revoke_keys()
    {
        var operatorHttp = fixture.Http("dev-key");
        var account = $"acct-{Guid.NewGuid():N}";
        var credit = new JsonObject { ["amount"] = 25.5m, ["operationId"] = "topup-1", ["reason"] = "invoice 17" };

        using var first = await operatorHttp.PostAsync($"/v1/accounts/{account}/credit", Json(credit.DeepClone()), Ct);
        var applied = await first.Expect(HttpStatusCode.OK);
        Assert.Equal(25.5m, applied["balance"].Decimal());
        Assert.False(applied["duplicate"]!.GetValue<bool>());
        using var retry = await operatorHttp.PostAsync($"/v1/accounts/{account}/credit", Json(credit.DeepClone()), Ct);
        var repeated = await retry.Expect(HttpStatusCode.OK);
        Assert.True(repeated["duplicate"]!.GetValue<bool>());
        Assert.Equal(25.5m, repeated["balance"].Decimal());

        using var issue = await operatorHttp.PostAsync("/v1/keys", Json(new JsonObject
        {
            ["accountId"] = account,
            ["roles"] = new JsonArray("submitter"),
            ["label"] = "ci",
        }), Ct);
        var issued = await issue.Expect(HttpStatusCode.Created);
        var newKey = issued["key"].Text();
        Assert.Equal(ApiKeys.IdOf(newKey), issued["keyId"].Text());
        var stored = await fixture.Client.GetGrain<IApiKeyGrain>(ApiKeys.IdOf(newKey)).Get();
        Assert.NotNull(stored);
        Assert.DoesNotContain(newKey, stored.ToString(), StringComparison.Ordinal);

        var holder = fixture.Http();
        holder.DefaultRequestHeaders.Add("X-Api-Key", newKey);
        using var me = await holder.GetAsync("/v1/accounts/me", Ct);
        var mine = await me.Expect(HttpStatusCode.OK);
        Assert.Equal(account, mine["accountId"].Text());
        Assert.Equal(25.5m, mine["balance"].Decimal());
        Assert.Equal(["submitter"], mine["roles"]!.AsArray().Select(r => r.Text()));

        using var any = await operatorHttp.GetAsync($"/v1/accounts/{account}", Ct);
        Assert.Equal(25.5m, (await any.Expect(HttpStatusCode.OK))["balance"].Decimal());

        using var revoke = await operatorHttp.DeleteAsync($"/v1/keys/{issued["keyId"].Text()}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var after = await holder.GetAsync("/v1/accounts/me", Ct);
        await after.Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Health_metrics_openapi_and_the_reference_page_are_served()
    {
        var http = fixture.Http();
        using var live = await http.GetAsync("/health/live", Ct);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await http.GetAsync("/health/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var metrics = await http.GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);

        using var openApi = await http.GetAsync("/openapi/v1.json", Ct);
        var document = await openApi.Expect(HttpStatusCode.OK);
        foreach (var path in new[] { "/v1/quotes", "/v1/jobs", "/v1/jobs/{id}", "/v1/jobs/{id}/events", "/v1/models", "/v1/models/{id}/content",
                     "/v1/gpus", "/v1/gpus/{id}", "/v1/regions", "/v1/markets/{region}/{jobType}", "/v1/profiles", "/v1/profiles/match",
                     "/v1/miners", "/v1/miners/{id}", "/v1/accounts/me", "/v1/accounts/{id}/credit", "/v1/keys" })
        {
            Assert.True(document["paths"]![path] is not null, $"OpenAPI lacks {path}");
        }

        Assert.NotNull(document["components"]!["schemas"]!["JobRequestBody"]);
        using var docs = await http.GetAsync("/docs", Ct);
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", await docs.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
