using System.Globalization;
using Aitbc.Orleans.Cli;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Tests.Gateway;
using Aitbc.Orleans.Tests.Sdk;
using static Aitbc.Orleans.Tests.Cli.CliRunner;
using Kit = Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Cli;

/// <summary>`aitbc bookings ...` and the SDK's booking calls against a real gateway on loopback.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CliBookingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_gpu_class_is_booked_with_the_cli_listed_and_cancelled_with_the_sdk_and_read_back_with_the_cli()
    {
        var tenant = await fixture.NewTenant(10m);
        await using var miner = await fixture.StartMiner(Places.Madrid.Latitude, Places.Madrid.Longitude);
        var region = (await fixture.Client.GetGrain<IGpuGrain>(miner.GpuId).GetSnapshot())!.Region;
        var environment = Environment(fixture, tenant);
        var start = fixture.Cluster.Time.GetUtcNow().AddHours(3).ToString("O", CultureInfo.InvariantCulture);

        var booked = await Run(environment, "bookings", "create", "--class", "GeForce RTX 4090", "--region", region, "--start", start, "--hours", "2");
        Assert.True(booked.ExitCode == ExitCodes.Ok, booked.ToString());
        Assert.Equal("scheduled", booked.Json["status"]!.GetValue<string>());
        Assert.Equal("GeForce RTX 4090", booked.Json["gpuClass"]!.GetValue<string>());
        var bookingId = booked.Json["bookingId"]!.GetValue<string>();
        var price = booked.Json["price"]!.GetValue<decimal>();
        Assert.Equal(2 * booked.Json["pricePerHour"]!.GetValue<decimal>(), price);

        using var sdk = fixture.Sdk(tenant);
        Assert.Contains(await sdk.ListBookingsAsync(cancellationToken: Kit.Ct), b => b.BookingId == bookingId);
        var cancelled = await sdk.CancelBookingAsync(bookingId, Kit.Ct);
        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal(price, cancelled.Refunded);

        var read = await Run(environment, "bookings", "get", bookingId);
        Assert.Equal("cancelled", read.Json["status"]!.GetValue<string>());
        var refused = await Run(environment, "bookings", "get", "bk-nothing");
        Assert.Equal(ExitCodes.Error, refused.ExitCode);
    }
}
