using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Jobs;

public sealed class BookingTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_rental_holds_the_gpu_exclusively_and_cancelling_refunds_the_unused_hours()
    {
        var grains = fixture.Client;
        using var miner = new TestMiner(grains, $"miner-{Guid.NewGuid():N}");
        var gpu = TestMiner.Gpu(miner.GpuId("rent"), 46.2, 6.14, priceFloor: 0.01m); // Geneva
        var gpuId = gpu.GpuId;
        await miner.Register(fixture.Client, [gpu]);
        var tenant = await grains.FundedTenant(10m);
        var other = await grains.FundedTenant(10m);

        var booking = await grains.GetGrain<IBookingGrain>($"b-{Guid.NewGuid():N}").Rent(new RentalRequest(tenant, gpuId, TimeSpan.FromHours(3), 0.5m));
        Assert.Equal(BookingStatus.Active, booking.Status);
        var rate = booking.PricePerHour;
        Assert.True(rate is > 0 and <= 0.5m);
        Assert.Equal(3 * rate, booking.Paid);
        Assert.Equal(10m - 3 * rate, (await grains.GetGrain<IAccountGrain>(tenant).GetSnapshot()).Balance);

        // While rented, neither a second rental nor a job can have the GPU.
        var second = await grains.GetGrain<IBookingGrain>($"b-{Guid.NewGuid():N}").Rent(new RentalRequest(other, gpuId, TimeSpan.FromHours(1), 0.5m));
        Assert.Equal(BookingStatus.Rejected, second.Status);
        Assert.Equal(10m, (await grains.GetGrain<IAccountGrain>(other).GetSnapshot()).Balance);
        var routed = await grains.GetGrain<IRouterGrain>(0).Route(new RoutingRequest(
            $"job-{Guid.NewGuid():N}", null, new(46.2, 6.1), LatencyClass.Realtime, 1 << 20, null, false, false, [], TimeSpan.FromMinutes(1)));
        Assert.True(!routed.Routed || routed.Gpu!.GpuId != gpuId);

        // Cancel 70 minutes in: two started hours are charged, the third refunded.
        fixture.Time.Advance(TimeSpan.FromMinutes(70));
        var cancelled = await grains.GetGrain<IBookingGrain>(booking.BookingId).Cancel();
        Assert.Equal(BookingStatus.Cancelled, cancelled.Status);
        Assert.Equal(rate, cancelled.Refunded);
        Assert.Equal(10m - 2 * rate, (await grains.GetGrain<IAccountGrain>(tenant).GetSnapshot()).Balance);
        Assert.True(await grains.LedgerDelivered(tenant));
        Assert.Equal(2 * rate * 0.9m, (await grains.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(miner.MinerId)).GetSnapshot()).Earned);

        // Cancelling again changes nothing, and the GPU is free again. The rig stayed up through the 70 minutes: without its
        // heartbeats the liveness watch ends its session once this test has run a liveness period of real time (CI, 2026-12-06).
        await miner.Resume(fixture.Client, [gpu]);
        await grains.GetGrain<IBookingGrain>(booking.BookingId).Cancel();
        Assert.Equal(10m - 2 * rate, (await grains.GetGrain<IAccountGrain>(tenant).GetSnapshot()).Balance);
        Assert.Empty((await grains.GetGrain<IGpuGrain>(gpuId).GetSnapshot())!.ActiveJobs);
        var again = await grains.GetGrain<IBookingGrain>($"b-{Guid.NewGuid():N}").Rent(new RentalRequest(other, gpuId, TimeSpan.FromHours(1), 0.5m));
        Assert.Equal(BookingStatus.Active, again.Status);
    }

    [Fact]
    public async Task Concurrent_rentals_of_one_gpu_never_both_win()
    {
        var grains = fixture.Client;
        using var miner = new TestMiner(grains, $"miner-{Guid.NewGuid():N}");
        var gpuId = miner.GpuId("race");
        await miner.Register(fixture.Client, [TestMiner.Gpu(gpuId, 47.37, 8.54, priceFloor: 0.01m)]); // Zurich
        var tenants = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => grains.FundedTenant(10m)));

        var results = await Task.WhenAll(tenants.Select(t =>
            grains.GetGrain<IBookingGrain>($"b-{Guid.NewGuid():N}").Rent(new RentalRequest(t, gpuId, TimeSpan.FromHours(1), 1m))));

        var winner = Assert.Single(results, r => r.Status == BookingStatus.Active);
        var balances = await Task.WhenAll(tenants.Select(t => grains.GetGrain<IAccountGrain>(t).GetSnapshot()));
        Assert.Equal(20 * 10m - winner.Paid, balances.Sum(b => b.Balance));
    }

    [Fact]
    public async Task A_gpu_offline_when_its_booked_window_starts_ends_the_booking_with_everything_refunded()
    {
        var grains = fixture.Client;
        var (rig, gpu, tenant, booking) = await BookedAhead("dead", 45.76, 4.84, TimeSpan.FromHours(1)); // Lyon
        using var miner = rig;
        var gpuId = gpu.GpuId;
        Assert.Equal(10m - booking.Paid, (await grains.GetGrain<IAccountGrain>(tenant).GetSnapshot()).Balance);

        // The rig leaves before the window; the GPU keeps the booked window (a rig may come back), until the start.
        await grains.GetGrain<IMinerGrain>(miner.MinerId).Deregister();
        fixture.Time.Advance(TimeSpan.FromMinutes(61));

        var ended = (await grains.GetGrain<IBookingGrain>(booking.BookingId).Get())!;
        Assert.Equal(BookingStatus.Cancelled, ended.Status);
        Assert.Equal(booking.Paid, ended.Refunded);
        Assert.Contains("offline", ended.Reason, StringComparison.Ordinal);
        Assert.True(await grains.LedgerDelivered(tenant));
        Assert.Equal(10m, (await grains.GetGrain<IAccountGrain>(tenant).GetSnapshot()).Balance);

        // The lease is gone with it: once the rig is back, another tenant can book what is left of that window.
        await miner.RegisterSigned(fixture.Client, [gpu]);
        var other = await grains.FundedTenant(10m);
        var next = await grains.GetGrain<IBookingGrain>($"b-{Guid.NewGuid():N}").Rent(new RentalRequest(other, gpuId, TimeSpan.FromMinutes(30), 0.5m));
        Assert.Equal(BookingStatus.Active, next.Status);
        Assert.Equal(10m, (await grains.GetGrain<IAccountGrain>(tenant).GetSnapshot()).Balance); // asking again changes nothing
        Assert.Equal(BookingStatus.Cancelled, (await grains.GetGrain<IBookingGrain>(booking.BookingId).Get())!.Status);
    }

    [Fact]
    public async Task A_gpu_able_to_serve_when_its_booked_window_starts_keeps_the_booking()
    {
        var (rig, gpu, tenant, booking) = await BookedAhead("alive", 43.3, 5.37, TimeSpan.FromMinutes(30)); // Marseille
        using var miner = rig;
        fixture.Time.Advance(TimeSpan.FromMinutes(31));

        // The rig is there at the start (the jump in time skipped its heartbeats, so it registers again, as a daemon does).
        await miner.Resume(fixture.Client, [gpu]);

        var started = (await fixture.Client.GetGrain<IBookingGrain>(booking.BookingId).Get())!;
        Assert.Equal(BookingStatus.Active, started.Status);
        Assert.Equal(0m, started.Refunded);
        Assert.Equal(10m - booking.Paid, (await fixture.Client.GetGrain<IAccountGrain>(tenant).GetSnapshot()).Balance);
    }

    /// <summary>A registered GPU, a funded tenant (10), and that tenant's two-hour booking of the GPU starting after <paramref name="startsIn"/>.</summary>
    private async Task<(TestMiner Miner, GpuRegistration Gpu, string Tenant, BookingView Booking)> BookedAhead(string device, double lat, double lon, TimeSpan startsIn)
    {
        var miner = new TestMiner(fixture.Client, TestMiner.NewMinerId());
        var gpu = TestMiner.Gpu(miner.GpuId(device), lat, lon, priceFloor: 0.01m);
        await miner.Register(fixture.Client, [gpu]);
        var tenant = await fixture.Client.FundedTenant(10m);
        var booking = await fixture.Client.GetGrain<IBookingGrain>($"b-{Guid.NewGuid():N}").Rent(
            new RentalRequest(tenant, gpu.GpuId, TimeSpan.FromHours(2), 0.5m, fixture.Time.GetUtcNow() + startsIn));
        Assert.Equal(BookingStatus.Active, booking.Status);
        return (miner, gpu, tenant, booking);
    }
}
