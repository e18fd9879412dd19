using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Gateway.Rpc.V1;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Tests.Fixtures;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using static Aitbc.Orleans.Tests.Gateway.GatewayTestKit;
using BookingsClient = Aitbc.Orleans.Gateway.Rpc.V1.Bookings.BookingsClient;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>
/// Bookings end to end over real HTTP and gRPC on loopback: no double booking under concurrent requests, expiry at the
/// end of the window by the cluster's (fake) clock with the GPU routable again, and the refund policy with the ledger
/// moving each booking's money exactly once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayBookingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private DateTimeOffset Now => fixture.Cluster.Time.GetUtcNow();

    [Fact]
    public async Task Twenty_concurrent_bookings_of_one_gpu_for_overlapping_windows_have_one_winner_and_charge_no_loser()
    {
        await using var miner = await fixture.StartMiner(64.15, -21.94); // Reykjavik
        var tenants = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => fixture.NewTenant(10m)));
        using var channel = GrpcChannel.ForAddress(fixture.GrpcAddress);
        var rpc = new BookingsClient(channel);
        var first = Now + TimeSpan.FromHours(1);

        // Every window overlaps every other: each starts 5 minutes after the previous one and lasts 2 hours. Half the
        // requests come over HTTP, half over gRPC, all at once.
        var outcomes = await Task.WhenAll(tenants.Select((tenant, i) =>
        {
            var from = first + TimeSpan.FromMinutes(5 * i);
            return i % 2 == 0 ? BookOverHttp(tenant, miner.GpuId, from, from.AddHours(2)) : BookOverGrpc(rpc, tenant, miner.GpuId, from, from.AddHours(2));
        }));

        var winner = Assert.Single(outcomes, o => o.BookingId is not null);
        Assert.All(outcomes.Where(o => o != winner), o => Assert.Contains("not available", o.Refusal, StringComparison.Ordinal));
        foreach (var outcome in outcomes)
        {
            var account = await fixture.Client.GetGrain<IAccountGrain>(outcome.Tenant.AccountId).GetSnapshot();
            if (outcome == winner)
            {
                Assert.True(winner.Price > 0);
                Assert.Equal(10m - winner.Price, account.Balance);
                Assert.Equal(winner.Price, account.Escrow);
            }
            else
            {
                // Refused before any money moved: the funding is the account's only entry.
                Assert.Equal(10m, account.Balance);
                Assert.Equal(0m, account.Escrow);
                Assert.Single(account.RecentEntries);
            }
        }

        using var cancelled = await winner.Tenant.Http.DeleteAsync($"/v1/bookings/{winner.BookingId}", Ct);
        Assert.Equal("cancelled", (await cancelled.Expect(HttpStatusCode.OK))["status"].Text());
    }

    [Fact]
    public async Task A_booking_runs_its_tenants_jobs_on_its_gpu_expires_at_the_end_of_its_window_and_the_gpu_is_routable_again()
    {
        var tenant = await fixture.NewTenant(10m);
        var other = await fixture.NewTenant(10m);
        var modelId = await tenant.Http.UploadModel(TestModels.Identity4());
        await using var miner = await fixture.StartMiner(-33.87, 151.21); // Sydney
        using var channel = GrpcChannel.ForAddress(fixture.GrpcAddress);
        var rpc = new BookingsClient(channel);

        var booking = await rpc.CreateAsync(new CreateBookingRequest
        {
            GpuId = miner.GpuId, StartsAt = Timestamp.FromDateTimeOffset(Now), EndsAt = Timestamp.FromDateTimeOffset(Now.AddHours(1)),
        }, Auth(tenant), cancellationToken: Ct);
        Assert.Equal("active", booking.Status);
        var price = decimal.Parse(booking.Price, CultureInfo.InvariantCulture);

        // The tenant's job under the booking runs on the booked GPU and costs nothing more; nobody else may use the booking.
        var booked = Job(modelId, -33.9, 151.2);
        booked["bookingId"] = booking.BookingId;
        using var ran = await tenant.Http.PostAsync("/v1/jobs?wait=60", Json(booked), Ct);
        var job = await ran.Expect(HttpStatusCode.OK);
        Assert.Equal("completed", job["status"].Text());
        Assert.Equal(miner.GpuId, job["gpuId"].Text());
        Assert.Equal(0m, job["priceCharged"].Decimal());
        using var foreign = await other.Http.PostAsync("/v1/jobs", Json(booked), Ct);
        await foreign.Expect(HttpStatusCode.NotFound);

        // Another tenant's plain job does not get the booked GPU while the window lasts.
        using var during = await other.Http.PostAsync("/v1/jobs?wait=60", Json(Job(modelId, -33.9, 151.2)), Ct);
        Assert.NotEqual(miner.GpuId, (await during.ReadJson())["gpuId"]?.GetValue<string>());

        // The window ends by the cluster's clock: the booking expires, charged in full, and the GPU takes other work again.
        fixture.Cluster.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await miner.Resume(); // the rig was up all hour: its skipped heartbeats must not end its session mid-test
        using var read = await tenant.Http.GetAsync($"/v1/bookings/{booking.BookingId}", Ct);
        var expired = await read.Expect(HttpStatusCode.OK);
        Assert.Equal("expired", expired["status"].Text());
        Assert.Equal(price, expired["charged"].Decimal());
        Assert.Equal(0m, expired["refunded"].Decimal());
        await fixture.Client.GpuFreeAgain(miner.GpuId);
        using var after = await other.Http.PostAsync("/v1/jobs?wait=60", Json(Job(modelId, -33.87, 151.21)), Ct);
        var routed = await after.Expect(HttpStatusCode.OK);
        Assert.Equal("completed", routed["status"].Text());
        Assert.Equal(miner.GpuId, routed["gpuId"].Text());
        using var listed = await tenant.Http.GetAsync("/v1/bookings", Ct);
        Assert.Contains((await listed.Expect(HttpStatusCode.OK)).AsArray(), b => b!["bookingId"].Text() == booking.BookingId);
    }

    [Fact]
    public async Task Cancelling_refunds_all_before_the_window_and_the_unused_hours_after_it_started_each_exactly_once()
    {
        var tenant = await fixture.NewTenant(10m);
        await using var miner = await fixture.StartMiner(-41.29, 174.78); // Wellington
        using var channel = GrpcChannel.ForAddress(fixture.GrpcAddress);
        var rpc = new BookingsClient(channel);

        // Before the window: concurrent cancels over HTTP and gRPC all see one cancellation that refunded everything.
        var ahead = await BookOverHttp(tenant, miner.GpuId, Now.AddHours(2), Now.AddHours(5));
        Assert.Equal("scheduled", ahead.Status);
        var cancels = Enumerable.Range(0, 6).Select(async i =>
        {
            if (i % 2 == 0)
            {
                return (await rpc.CancelAsync(new BookingRef { BookingId = ahead.BookingId }, Auth(tenant), cancellationToken: Ct)).Refunded;
            }

            using var response = await tenant.Http.DeleteAsync($"/v1/bookings/{ahead.BookingId}", Ct);
            var body = await response.Expect(HttpStatusCode.OK);
            Assert.Equal("cancelled", body["status"].Text());
            return body["refunded"].Decimal().ToString(CultureInfo.InvariantCulture);
        });
        Assert.All(await Task.WhenAll(cancels), refunded => Assert.Equal(ahead.Price, decimal.Parse(refunded, CultureInfo.InvariantCulture)));
        var account = await fixture.Client.GetGrain<IAccountGrain>(tenant.AccountId).GetSnapshot();
        Assert.Equal(10m, account.Balance);
        Assert.Equal(0m, account.Escrow);
        var moves = Moves(account, ahead.BookingId!);
        Assert.Equal([LedgerOperationKind.Hold, LedgerOperationKind.Refund], moves.Select(e => e.Operation.Kind));
        Assert.All(moves, e => Assert.Equal(ahead.Price, e.AppliedAmount));

        // After the start: 70 minutes into a 3-hour window, two started hours are kept and one refunded.
        var running = await BookOverHttp(tenant, miner.GpuId, Now, Now.AddHours(3));
        fixture.Cluster.Time.Advance(TimeSpan.FromMinutes(70));
        var cancelled = await rpc.CancelAsync(new BookingRef { BookingId = running.BookingId }, Auth(tenant), cancellationToken: Ct);
        Assert.Equal("cancelled", cancelled.Status);
        var rate = decimal.Parse(cancelled.PricePerHour, CultureInfo.InvariantCulture);
        Assert.Equal(3 * rate, running.Price);
        Assert.Equal(rate, decimal.Parse(cancelled.Refunded, CultureInfo.InvariantCulture));
        Assert.Equal(2 * rate, decimal.Parse(cancelled.Charged, CultureInfo.InvariantCulture));
        account = await fixture.Client.GetGrain<IAccountGrain>(tenant.AccountId).GetSnapshot();
        Assert.Equal(10m - 2 * rate, account.Balance);
        Assert.Equal([LedgerOperationKind.Hold, LedgerOperationKind.Settle], Moves(account, running.BookingId!).Select(e => e.Operation.Kind));
    }

    [Fact]
    public async Task Bad_grpc_bookings_get_their_status_codes_and_change_nothing()
    {
        var tenant = await fixture.NewTenant(10m);
        await using var miner = await fixture.StartMiner(-22.91, -43.17); // Rio de Janeiro
        using var channel = GrpcChannel.ForAddress(fixture.GrpcAddress);
        var rpc = new BookingsClient(channel);
        Timestamp At(double hours) => Timestamp.FromDateTimeOffset(Now.AddHours(hours));
        var cases = new (CreateBookingRequest Request, StatusCode Expected)[]
        {
            (new() { GpuId = miner.GpuId, StartsAt = At(2), EndsAt = At(1) }, StatusCode.InvalidArgument),
            (new() { GpuId = miner.GpuId }, StatusCode.InvalidArgument),
            (new() { GpuId = miner.GpuId, StartsAt = At(-48), EndsAt = At(-47) }, StatusCode.InvalidArgument),
            (new() { GpuId = miner.GpuId, StartsAt = At(1), EndsAt = At(1 + 24 * 40) }, StatusCode.InvalidArgument),
            (new() { GpuId = miner.GpuId, StartsAt = At(1), EndsAt = At(2), MaxPricePerHour = "cheap" }, StatusCode.InvalidArgument),
            (new() { GpuClass = "GeForce RTX 4090", StartsAt = At(1), EndsAt = At(2) }, StatusCode.InvalidArgument),
            (new() { GpuId = "no-such-gpu", StartsAt = At(1), EndsAt = At(2) }, StatusCode.NotFound),
            // The GPU's rate (at least the base rate per GPU-hour) is above this cap.
            (new() { GpuId = miner.GpuId, StartsAt = At(1), EndsAt = At(2), MaxPricePerHour = "0.000001" }, StatusCode.FailedPrecondition),
        };
        foreach (var (request, expected) in cases)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => rpc.CreateAsync(request, Auth(tenant), cancellationToken: Ct).ResponseAsync);
            Assert.True(refused.StatusCode == expected, $"{request}: expected {expected}, got {refused.StatusCode}: {refused.Status.Detail}");
        }

        var missing = await Assert.ThrowsAsync<RpcException>(() => rpc.GetAsync(new BookingRef { BookingId = "bk-nothing" }, Auth(tenant), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Empty((await rpc.ListAsync(new ListBookingsRequest(), Auth(tenant), cancellationToken: Ct)).Bookings);
        var account = await fixture.Client.GetGrain<IAccountGrain>(tenant.AccountId).GetSnapshot();
        Assert.Equal(10m, account.Balance);
        Assert.Single(account.RecentEntries);
    }

    private static LedgerEntry[] Moves(AccountSnapshot account, string bookingId) =>
        account.RecentEntries.Where(e => e.Operation.Reference == $"booking:{bookingId}").OrderBy(e => e.Sequence).ToArray();

    private static Metadata Auth(TestTenant tenant) => new() { { "authorization", $"Bearer {tenant.Key}" } };

    private static async Task<Booked> BookOverHttp(TestTenant tenant, string gpuId, DateTimeOffset from, DateTimeOffset until)
    {
        var body = new JsonObject { ["gpuId"] = gpuId, ["startsAt"] = from, ["endsAt"] = until };
        using var response = await tenant.Http.PostAsync("/v1/bookings", Json(body), Ct);
        var json = await response.ReadJson();
        if (response.StatusCode == HttpStatusCode.Created)
        {
            Assert.Equal($"/v1/bookings/{json["bookingId"].Text()}", response.Headers.Location?.OriginalString);
            return new Booked(tenant, json["bookingId"].Text(), json["price"].Decimal(), json["status"].Text(), null);
        }

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("GPU not available", json["title"].Text());
        return new Booked(tenant, null, 0, null, json["detail"].Text());
    }

    private static async Task<Booked> BookOverGrpc(BookingsClient rpc, TestTenant tenant, string gpuId, DateTimeOffset from, DateTimeOffset until)
    {
        try
        {
            var booking = await rpc.CreateAsync(new CreateBookingRequest
            {
                GpuId = gpuId, StartsAt = Timestamp.FromDateTimeOffset(from), EndsAt = Timestamp.FromDateTimeOffset(until),
            }, Auth(tenant), cancellationToken: Ct);
            return new Booked(tenant, booking.BookingId, decimal.Parse(booking.Price, CultureInfo.InvariantCulture), booking.Status, null);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            Assert.StartsWith("GPU not available", ex.Status.Detail, StringComparison.Ordinal);
            return new Booked(tenant, null, 0, null, ex.Status.Detail);
        }
    }

    private sealed record Booked(TestTenant Tenant, string? BookingId, decimal Price, string? Status, string? Refusal);
}
