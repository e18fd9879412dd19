using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Pricing;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>/v1/gpus, /v1/regions and /v1/markets: the fleet and its prices, read from the region and GPU grains.</summary>
public static class FleetEndpoints
{
    public static RouteGroupBuilder MapFleetEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/gpus", ListGpus).RequireApiKey().WithName("ListGpus")
            .WithSummary("GPUs, paged; filters: region, vendor, minMemoryGb, available")
            .WithQueryParameter("region", JsonSchemaType.String, "Only this region (see GET /v1/regions)")
            .WithQueryParameter<GpuVendor>("vendor", "Only this vendor")
            .WithQueryParameter("minMemoryGb", JsonSchemaType.Number, "At least this much memory")
            .WithQueryParameter("available", JsonSchemaType.Boolean, "Only GPUs that can take a job now (true) or only those that cannot (false)")
            .WithPaging()
            .Produces<PageResponse<GpuResponse>>().ProducesValidationProblem();

        v1.MapGet("/gpus/{id}", GetGpu).RequireApiKey().WithName("GetGpu")
            .WithSummary("One GPU with its QoS score and breakdown, thermal state, and whether it is simulated")
            .Produces<GpuResponse>().ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapGet("/regions", ListRegions).RequireApiKey().WithName("ListRegions")
            .WithSummary("Every region with its centroid, neighbours, GPU counts, utilisation and queue")
            .Produces<IReadOnlyList<RegionResponse>>();

        v1.MapGet("/markets/{region}/{jobType}", GetMarket).RequireApiKey().WithName("GetMarket")
            .WithSummary("The current price per latency class in one region and job type, with every multiplier")
            .Produces<MarketResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> ListGpus(HttpContext http, IGrainFactory grains, IOptions<GatewayOptions> options)
    {
        var request = http.Request;
        var errors = new ValidationErrors();
        var region = QueryReader.Text(request, errors, "region");
        var vendor = QueryReader.Enum<GpuVendor>(request, errors, "vendor");
        var minMemoryGb = QueryReader.Number(request, errors, "minMemoryGb", 0, 100_000);
        var available = QueryReader.Bool(request, errors, "available");
        var (page, size) = QueryReader.Paging(request, errors, options.Value.MaxPageSize);
        if (region is not null && RegionCatalog.Default.Find(region) is null)
        {
            errors.Add("region", $"'{FieldRules.Truncate(region)}' is not a region; see GET /v1/regions");
        }

        errors.ThrowIfAny();

        var regions = region is not null
            ? [region]
            : (await grains.Grain<IFleetDirectoryGrain>("fleet").GetRegions()).Where(r => r.GpuCount > 0).Select(r => r.Region).ToArray();
        var summaries = (await Task.WhenAll(regions.Select(r => grains.Grain<IRegionGrain>(r).ListGpus())))
            .SelectMany(s => s)
            .Where(g => available is null || g.Available == available)
            .Where(g => minMemoryGb is null || g.VramGb >= minMemoryGb)
            .OrderBy(g => g.GpuId, StringComparer.Ordinal)
            .ToArray();

        // The vendor is only on the GPU's snapshot, so that filter reads every remaining GPU; the others read one page.
        if (vendor is not null)
        {
            var all = await Snapshots(grains, summaries.Select(s => s.GpuId));
            var matching = all.Where(g => g.Profile.Vendor == vendor).ToArray();
            return TypedResults.Ok(Page(matching.Skip((page - 1) * size).Take(size), matching.Length, page, size));
        }

        var selected = await Snapshots(grains, summaries.Skip((page - 1) * size).Take(size).Select(s => s.GpuId));
        return TypedResults.Ok(Page(selected, summaries.Length, page, size));
    }

    private static async Task<IResult> GetGpu(string id, IGrainFactory grains)
    {
        var snapshot = FieldRules.Id(new ValidationErrors(), "id", id, 256) is null ? null : await grains.Grain<IGpuGrain>(id).GetSnapshot();
        return snapshot is null
            ? throw GatewayRequestException.NotFound($"There is no GPU '{FieldRules.Truncate(id)}'.")
            : TypedResults.Ok(GpuResponse.From(snapshot));
    }

    private static async Task<IResult> ListRegions(IGrainFactory grains)
    {
        var occupied = (await grains.Grain<IFleetDirectoryGrain>("fleet").GetRegions())
            .Where(r => r.GpuCount > 0).Select(r => r.Region).ToArray();
        var stats = (await Task.WhenAll(occupied.Select(r => grains.Grain<IRegionGrain>(r).GetStats())))
            .ToDictionary(s => s.Region, StringComparer.Ordinal);
        var regions = RegionCatalog.Default.All.Select(r =>
        {
            var s = stats.GetValueOrDefault(r.Id);
            return new RegionResponse(
                r.Id, r.Name, new LocationBody(r.Centroid.Latitude, r.Centroid.Longitude), r.Neighbours, s?.TotalGpus ?? 0,
                s?.AvailableGpus ?? 0, s?.TotalSlots ?? 0, s?.BusySlots ?? 0, s?.Utilisation ?? 0, s?.QueueLength ?? 0, s?.AverageRttMs ?? 0);
        }).ToArray();
        return TypedResults.Ok(regions);
    }

    private static async Task<IResult> GetMarket(string region, string jobType, IGrainFactory grains, IOptions<PricingOptions> pricing)
    {
        if (RegionCatalog.Default.Find(region) is null)
        {
            throw GatewayRequestException.NotFound($"There is no region '{FieldRules.Truncate(region)}'; see GET /v1/regions.");
        }

        if (!FieldRules.TryParseName(jobType, out JobType type))
        {
            throw GatewayRequestException.Invalid("jobType", $"'{FieldRules.Truncate(jobType)}' is not one of: {FieldRules.NamesOf<JobType>()}");
        }

        // The capability a quote in this market would use: the mean QoS of its routable GPUs (0.5 when it has none),
        // as PricingMarketGrain.IssueQuote computes it.
        var routable = (await grains.Grain<IRegionGrain>(region).ListGpus()).Where(g => g.Routable).ToArray();
        var capability = routable.Length == 0 ? 0.5 : routable.Average(g => g.QosScore);
        var market = grains.Grain<IPricingMarketGrain>(PricingMarkets.KeyFor(region, type));
        var classes = Enum.GetValues<LatencyClass>();
        var prices = await Task.WhenAll(classes.Select(c => market.Price(c, 1.0, capability)));
        var byClass = classes.Zip(prices).ToDictionary(p => p.First.ToString().ToLowerInvariant(), p => p.Second, StringComparer.Ordinal);
        return TypedResults.Ok(new MarketResponse(region, type, pricing.Value.Currency, capability, routable.Length, byClass));
    }

    private static async Task<GpuSnapshot[]> Snapshots(IGrainFactory grains, IEnumerable<string> gpuIds) =>
        (await Task.WhenAll(gpuIds.Select(id => grains.Grain<IGpuGrain>(id).GetSnapshot()))).OfType<GpuSnapshot>().ToArray();

    private static PageResponse<GpuResponse> Page(IEnumerable<GpuSnapshot> gpus, int total, int page, int size) =>
        new(gpus.Select(GpuResponse.From).ToArray(), total, page, size);
}
