using Aitbc.Orleans.Access;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Dashboards;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Jobs;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Ledger;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>/v1/ops: what the operator view (/ops) reads, and the cloud pool's registration (operators only).</summary>
public static class OperatorEndpoints
{
    private const int MaxGpusPerOffer = 16;

    public static RouteGroupBuilder MapOperatorEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/ops/fleet", GetFleet).RequireOperator().WithName("GetOperatorFleet")
            .WithSummary("The fleet for operators: online GPUs on a map, GPUs by region and state, why GPUs are not routable, the slash log, the cloud pool and the plan's metrics")
            .Produces<OpsFleetResponse>();

        v1.MapPost("/ops/cloud-pool", RegisterCloud).RequireOperator().WithName("RegisterCloudGpu")
            .WithSummary("Put a cloud GPU (or a provider's instance) into the fallback pool: enrols its miner under the operator's account, admitted to the cloud pool, with its price and region")
            .WithDescription("The miner daemon on the instance then runs with the returned credential; its GPUs join the cloud pool, which routing uses when no edge GPU can serve a job.")
            .Accepts<CloudOfferRequestBody>("application/json")
            .Produces<CloudOfferCreatedResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        v1.MapDelete("/ops/cloud-pool/{minerId}", RemoveCloud).RequireOperator().WithName("RemoveCloudGpu")
            .WithSummary("Take a cloud offer out of the fallback pool: its miner's enrolment ends and its credential is revoked, and its GPUs leave routing at once (running jobs fail over)")
            .Produces<CloudOffer>().ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    /// <summary>
    /// Each step can be repeated, and the offer leaves the register last: a removal cut short is finished by asking
    /// again, and until then the offer stays listed.
    /// </summary>
    private static async Task<IResult> RemoveCloud(string minerId, IGrainFactory grains, AccessService access)
    {
        var pool = grains.Grain<ICloudPoolGrain>(0);
        if (!(await pool.List()).Any(o => o.MinerId == minerId))
        {
            throw GatewayRequestException.NotFound($"There is no cloud offer for miner '{FieldRules.Truncate(minerId)}'.");
        }

        // Enrolment first: a daemon that is told to go offline registers again at once, and must find itself not enrolled.
        await access.WithdrawMinerAsync(minerId);
        await grains.Grain<IMinerGrain>(minerId).Deregister();
        var removed = await pool.Remove(minerId)
            ?? throw GatewayRequestException.NotFound($"The cloud offer for miner '{FieldRules.Truncate(minerId)}' was removed concurrently.");
        return TypedResults.Ok(removed);
    }

    private static async Task<IResult> RegisterCloud(HttpContext http, IGrainFactory grains, AccessService access, TimeProvider time, IOptions<GatewayOptions> options)
    {
        var body = await JsonRequestReader.ReadAsync<CloudOfferRequestBody>(http.Request, http.RequestAborted);
        var caller = Caller.From(http.User);
        var errors = new ValidationErrors();
        var maxLength = Math.Min(128, options.Value.MaxStringLength);
        var provider = FieldRules.Text(errors, "provider", body.Provider, maxLength, required: true);
        var instanceType = FieldRules.Text(errors, "instanceType", body.InstanceType, maxLength, required: true);
        var gpuName = FieldRules.Text(errors, "gpuName", body.GpuName, maxLength, required: true);
        var count = FieldRules.Number(errors, "gpuCount", body.GpuCount ?? 1, 1, MaxGpusPerOffer, required: true);
        var location = JobService.Location(errors, "location", body.Location);
        var price = FieldRules.Amount(errors, "pricePerHourUsd", body.PricePerHourUsd, 10_000m, required: true);
        if (string.IsNullOrWhiteSpace(body.PublicKey))
        {
            errors.Add("publicKey", "is required: the cloud miner's ECDSA P-256 public key (SubjectPublicKeyInfo, base64)");
        }

        errors.ThrowIfAny();
        var pool = grains.Grain<ICloudPoolGrain>(0);
        if ((await pool.List()).Count >= ICloudPoolGrain.MaxOffers)
        {
            throw new GatewayRequestException(FailureKind.Conflict, "Cloud pool full", $"The cloud pool holds its maximum of {ICloudPoolGrain.MaxOffers} offers.");
        }

        var (enrollment, _) = await access.EnrollMinerAsync(caller, new EnrollMinerRequestBody
        {
            PublicKey = body.PublicKey, MinerId = body.MinerId, Name = $"{provider} {instanceType}",
        });
        var admitted = await grains.Grain<IMinerEnrollmentGrain>(enrollment.MinerId).SetAdmission(PoolKind.Cloud, attested: false);
        if (admitted is null)
        {
            throw GatewayRequestException.NotFound($"Miner {enrollment.MinerId} vanished while it was being admitted.");
        }

        var offer = new CloudOffer(
            enrollment.MinerId, provider!, instanceType!, gpuName!, (int)count!.Value, location!.Value, RegionCatalog.Default.RegionOf(location.Value).Id,
            price!.Value, time.GetUtcNow(), caller.AccountId);
        if (!await pool.Register(offer))
        {
            throw new GatewayRequestException(FailureKind.Conflict, "Cloud pool full", $"The cloud pool holds its maximum of {ICloudPoolGrain.MaxOffers} offers.");
        }

        return TypedResults.Created($"/v1/miners/{enrollment.MinerId}", new CloudOfferCreatedResponse(offer, enrollment));
    }

    private static async Task<IResult> GetFleet(IGrainFactory grains, TimeProvider time, IOptions<DashboardOptions> options)
    {
        var settings = options.Value;
        var occupied = (await grains.Grain<IFleetDirectoryGrain>("fleet").GetRegions()).Where(r => r.GpuCount > 0).Select(r => r.Region).ToArray();
        var listings = await Task.WhenAll(occupied.Select(r => grains.Grain<IRegionGrain>(r).ListGpus()));
        var summaries = listings.SelectMany(l => l).OrderBy(g => g.GpuId, StringComparer.Ordinal).ToArray();

        var regions = occupied.Zip(listings).Select(r =>
        {
            var info = RegionCatalog.Default.Find(r.First);
            return new OpsRegionResponse(
                r.First, info?.Name ?? r.First, new LocationBody(info?.Centroid.Latitude ?? 0, info?.Centroid.Longitude ?? 0), r.Second.Count,
                r.Second.Count(g => StateOf(g) == "available"), r.Second.Count(g => StateOf(g) == "busy"),
                r.Second.Count(g => !g.Routable), r.Second.Count(g => g.Pool == PoolKind.Cloud));
        }).OrderBy(r => r.Region, StringComparer.Ordinal).ToArray();
        var reasons = summaries.Where(g => !g.Routable)
            .GroupBy(g => g.NotRoutableReason ?? "not routable", StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var map = summaries.Take(settings.MaxMapGpus).Select(g => new OpsGpuResponse(
            g.GpuId, g.MinerId, RegionCatalog.Default.RegionOf(g.Location).Id, new LocationBody(g.Location.Latitude, g.Location.Longitude), g.Pool,
            StateOf(g), g.Routable ? null : g.NotRoutableReason, g.Thermal)).ToArray();

        var cloud = await CloudPoolView.ReadAsync(grains);
        var sample = summaries.Where(g => g.Pool == PoolKind.Edge).Take(settings.MetricsSample).ToArray();
        var snapshots = (await Task.WhenAll(sample.Select(g => grains.Grain<IGpuGrain>(g.GpuId).GetSnapshot()))).OfType<GpuSnapshot>().ToArray();
        var jobs = await MinerViews.RecentJobs(grains, snapshots);
        var now = time.GetUtcNow();
        var metrics = FleetMetrics.Compute(
            snapshots.Select(g => (g, (DateTimeOffset?)null)).ToArray(), jobs, cloud.Jobs,
            now, settings);
        var slashes = await grains.Grain<ISlashLogGrain>(0).List();
        return TypedResults.Ok(new OpsFleetResponse(
            now, regions, map, summaries.Length > map.Length, reasons, slashes, cloud.Entries,
            cloud.Jobs.Take(50).Select(j => RecentJobResponse.From(j.Gpu, j.Job)).ToArray(), snapshots.Length, metrics));
    }

    /// <summary>As routing reads a GPU's own state: not routable (with its reason) before busy.</summary>
    private static string StateOf(GpuRoutingSummary gpu) => !gpu.Routable ? "not routable" : gpu.FreeSlots <= 0 ? "busy" : "available";
}
