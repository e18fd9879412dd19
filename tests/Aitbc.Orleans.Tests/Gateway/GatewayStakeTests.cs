using System.Net;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Tests.Fixtures;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>/v1/miners/{id}/stake, /unstake and /admission, and /v1/cluster/gateways, through the HTTP API.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayStakeTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private async Task<(TestTenant Owner, string MinerId)> EnrolledMiner()
    {
        var owner = await fixture.NewTenant(50m);
        var minerId = TestMiner.NewMinerId();
        using var miner = new TestMiner(fixture.Client, minerId);
        using var enrol = await owner.Http.PostAsync("/v1/miners", Json(new JsonObject { ["publicKey"] = miner.PublicKey, ["minerId"] = minerId }), Ct);
        await enrol.Expect(HttpStatusCode.Created);
        return (owner, minerId);
    }

    [Fact]
    public async Task The_owner_stakes_and_unstakes_with_a_cool_down_and_a_retry_moves_money_once()
    {
        var (owner, minerId) = await EnrolledMiner();
        var body = new JsonObject { ["amount"] = 20m, ["requestId"] = "first" };
        using var stake = await owner.Http.PostAsync($"/v1/miners/{minerId}/stake", Json(body.DeepClone()), Ct);
        var staked = await stake.Expect(HttpStatusCode.OK);
        Assert.Equal(20m, staked["staked"].Decimal());
        Assert.Equal("applied", staked["movement"]!["status"].Text());
        using var retry = await owner.Http.PostAsync($"/v1/miners/{minerId}/stake", Json(body.DeepClone()), Ct);
        Assert.Equal(20m, (await retry.Expect(HttpStatusCode.OK))["staked"].Decimal());
        using var me = await owner.Http.GetAsync("/v1/accounts/me", Ct);
        Assert.Equal(30m, (await me.Expect(HttpStatusCode.OK))["balance"].Decimal());

        using var unstake = await owner.Http.PostAsync($"/v1/miners/{minerId}/unstake", Json(new JsonObject { ["amount"] = 5m, ["requestId"] = "out" }), Ct);
        var cooling = await unstake.Expect(HttpStatusCode.Accepted);
        Assert.Equal((20m, 5m, 15m), (cooling["staked"].Decimal(), cooling["coolingDown"].Decimal(), cooling["routable"].Decimal()));
        Assert.Equal("coolingDown", cooling["movement"]!["status"].Text());
        Assert.NotNull(cooling["movement"]!["releaseAt"]);

        using var view = await owner.Http.GetAsync($"/v1/miners/{minerId}/stake", Ct);
        Assert.Equal(15m, (await view.Expect(HttpStatusCode.OK))["routable"].Decimal());
    }

    [Fact]
    public async Task Strangers_cannot_stake_and_bad_amounts_are_problems()
    {
        var (owner, minerId) = await EnrolledMiner();
        var stranger = await fixture.NewTenant(50m);
        using var theirs = await stranger.Http.PostAsync($"/v1/miners/{minerId}/stake", Json(new JsonObject { ["amount"] = 1m, ["requestId"] = "x" }), Ct);
        await theirs.Expect(HttpStatusCode.NotFound);

        using var negative = await owner.Http.PostAsync($"/v1/miners/{minerId}/stake", Json(new JsonObject { ["amount"] = -1m, ["requestId"] = "x" }), Ct);
        await negative.Expect(HttpStatusCode.BadRequest);
        using var tooMuch = await owner.Http.PostAsync($"/v1/miners/{minerId}/stake", Json(new JsonObject { ["amount"] = 500m, ["requestId"] = "y" }), Ct);
        Assert.Contains("insufficient balance", (await tooMuch.Expect(HttpStatusCode.Conflict))["detail"].Text(), StringComparison.Ordinal);
        using var tooEarly = await owner.Http.PostAsync($"/v1/miners/{minerId}/unstake", Json(new JsonObject { ["amount"] = 1m, ["requestId"] = "z" }), Ct);
        await tooEarly.Expect(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Only_operators_admit_a_miner_to_the_cloud_pool()
    {
        var (owner, minerId) = await EnrolledMiner();
        var admission = new JsonObject { ["pool"] = "cloud", ["attested"] = true };
        using var self = await owner.Http.PostAsync($"/v1/miners/{minerId}/admission", Json(admission.DeepClone()), Ct);
        await self.Expect(HttpStatusCode.Forbidden);

        var operatorHttp = fixture.Http("dev-key");
        using var bad = await operatorHttp.PostAsync($"/v1/miners/{minerId}/admission", Json(new JsonObject { ["pool"] = "moon" }), Ct);
        await bad.Expect(HttpStatusCode.BadRequest);
        using var admitted = await operatorHttp.PostAsync($"/v1/miners/{minerId}/admission", Json(admission.DeepClone()), Ct);
        Assert.Equal(HttpStatusCode.NoContent, admitted.StatusCode);
        var enrollment = await fixture.Client.GetGrain<IMinerEnrollmentGrain>(minerId).Get();
        Assert.Equal((PoolKind.Cloud, true), (enrollment!.Pool, enrollment.Attested));
    }

    [Fact]
    public async Task Any_credential_reads_the_silo_gateways_and_anonymous_callers_cannot()
    {
        var tenant = await fixture.NewTenant(0m);
        using var listed = await tenant.Http.GetAsync("/v1/cluster/gateways", Ct);
        var gateways = await listed.Expect(HttpStatusCode.OK);
        Assert.NotEmpty(gateways["gateways"]!.AsArray());
        Assert.All(gateways["gateways"]!.AsArray(), g => Assert.Matches(@"^[0-9.]+:\d+$", g.Text()));
        using var anonymous = await fixture.Http().GetAsync("/v1/cluster/gateways", Ct);
        await anonymous.Expect(HttpStatusCode.Unauthorized);
    }
}
