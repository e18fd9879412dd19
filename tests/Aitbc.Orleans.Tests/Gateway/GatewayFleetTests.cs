using System.Net;
using Aitbc.Orleans.Tests.Fixtures;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>GPUs, regions, markets and the profile catalogue through the API.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayFleetTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Gpus_are_listed_with_filters_and_described_with_qos_thermal_state_and_simulation()
    {
        var tenant = await fixture.NewTenant();
        await using var miner = await fixture.StartMiner(59.33, 18.07); // Stockholm: eu-north

        using var filtered = await tenant.Http.GetAsync("/v1/gpus?region=eu-north&vendor=nvidia&minMemoryGb=16&available=true&pageSize=200", Ct);
        var page = await filtered.Expect(HttpStatusCode.OK);
        var listed = Assert.Single(page["items"]!.AsArray(), g => g!["gpuId"].Text() == miner.GpuId)!;
        Assert.Equal("nvidia", listed["vendor"].Text());
        Assert.Equal("eu-north", listed["region"].Text());
        Assert.True(page["total"]!.GetValue<int>() >= 1);

        using var tooBig = await tenant.Http.GetAsync("/v1/gpus?region=eu-north&minMemoryGb=1000", Ct);
        Assert.DoesNotContain((await tooBig.Expect(HttpStatusCode.OK))["items"]!.AsArray(), g => g!["gpuId"].Text() == miner.GpuId);
        using var amd = await tenant.Http.GetAsync("/v1/gpus?vendor=amd", Ct);
        Assert.DoesNotContain((await amd.Expect(HttpStatusCode.OK))["items"]!.AsArray(), g => g!["gpuId"].Text() == miner.GpuId);

        using var one = await tenant.Http.GetAsync($"/v1/gpus/{miner.GpuId}", Ct);
        var gpu = await one.Expect(HttpStatusCode.OK);
        Assert.Equal(miner.MinerId, gpu["minerId"].Text());
        Assert.True(gpu["simulated"]!.GetValue<bool>());
        Assert.Equal("normal", gpu["thermal"].Text());
        Assert.NotNull(gpu["qosScore"]);
        Assert.NotNull(gpu["qos"]!["tier"]);
        Assert.True(gpu["profileKnown"]!.GetValue<bool>());
        Assert.Equal("edge", gpu["pool"].Text());
    }

    [Fact]
    public async Task Regions_and_markets_show_occupancy_and_a_price_per_latency_class()
    {
        var tenant = await fixture.NewTenant();
        await using var miner = await fixture.StartMiner(-23.55, -46.63); // Sao Paulo: sa-east

        using var regions = await tenant.Http.GetAsync("/v1/regions", Ct);
        var all = (await regions.Expect(HttpStatusCode.OK)).AsArray();
        Assert.True(all.Count >= 40);
        var saEast = Assert.Single(all, r => r!["id"].Text() == "sa-east")!;
        Assert.True(saEast["gpuCount"]!.GetValue<int>() >= 1);
        Assert.NotEmpty(saEast["neighbours"]!.AsArray());

        using var market = await tenant.Http.GetAsync("/v1/markets/sa-east/inference", Ct);
        var prices = await market.Expect(HttpStatusCode.OK);
        Assert.Equal("sa-east", prices["region"].Text());
        Assert.Equal("inference", prices["jobType"].Text());
        foreach (var latency in new[] { "realtime", "fast", "standard", "economy" })
        {
            var breakdown = prices["prices"]![latency]!;
            Assert.True(breakdown["price"].Decimal() > 0);
            Assert.NotNull(breakdown["multipliers"]!["queueDemand"]);
        }

        Assert.True(prices["prices"]!["realtime"]!["price"].Decimal() >= prices["prices"]!["economy"]!["price"].Decimal());
    }

    [Fact]
    public async Task Profiles_page_with_a_total_and_a_reported_name_is_matched()
    {
        var tenant = await fixture.NewTenant();

        using var first = await tenant.Http.GetAsync("/v1/profiles?vendor=nvidia&minMemoryGb=16&page=1&pageSize=5", Ct);
        var page = await first.Expect(HttpStatusCode.OK);
        var total = page["total"]!.GetValue<int>();
        Assert.True(total > 5);
        Assert.Equal(5, page["items"]!.AsArray().Count);
        Assert.All(page["items"]!.AsArray(), p =>
        {
            Assert.Equal("nvidia", p!["vendor"].Text());
            Assert.True(p["vramGb"]!.GetValue<double>() >= 16);
        });

        using var last = await tenant.Http.GetAsync($"/v1/profiles?vendor=nvidia&minMemoryGb=16&page={(total + 4) / 5}&pageSize=5", Ct);
        Assert.Equal(total - (((total + 4) / 5) - 1) * 5, (await last.Expect(HttpStatusCode.OK))["items"]!.AsArray().Count);

        using var laptops = await tenant.Http.GetAsync("/v1/profiles?class=laptop", Ct);
        Assert.All((await laptops.Expect(HttpStatusCode.OK))["items"]!.AsArray(), p => Assert.Equal("laptop", p!["class"].Text()));

        using var match = await tenant.Http.GetAsync("/v1/profiles/match?name=NVIDIA%20GeForce%20RTX%204090&memoryMb=24564", Ct);
        var matched = await match.Expect(HttpStatusCode.OK);
        Assert.True(matched["isKnown"]!.GetValue<bool>());
        Assert.Contains("4090", matched["profile"]!["name"].Text(), StringComparison.Ordinal);

        using var unknown = await tenant.Http.GetAsync("/v1/profiles/match?name=Mystery%20Accelerator%209000&memoryMb=8192", Ct);
        Assert.False((await unknown.Expect(HttpStatusCode.OK))["isKnown"]!.GetValue<bool>());
    }
}
