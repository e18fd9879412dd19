using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>
/// /v1/profiles: the GPU catalogue and the classifier, served from memory (no grain calls). Kept to
/// GpuProfileCatalog.Query and GpuClassifier.Classify so it follows the catalogue's evolution.
/// </summary>
public static class ProfileEndpoints
{
    public static RouteGroupBuilder MapProfileEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/profiles", List).RequireApiKey().WithName("ListProfiles")
            .WithSummary("GPU profiles, paged; filters: vendor, class, minMemoryGb")
            .WithQueryParameter<GpuVendor>("vendor", "Only this vendor")
            .WithQueryParameter<GpuClass>("class", "Only this class")
            .WithQueryParameter("minMemoryGb", JsonSchemaType.Number, "At least this much memory")
            .WithPaging()
            .Produces<PageResponse<GpuProfile>>().ProducesValidationProblem();

        v1.MapGet("/profiles/match", Match).RequireApiKey().WithName("MatchProfile")
            .WithSummary("Classify a reported device name (and memory in MB) against the catalogue")
            .WithQueryParameter("name", JsonSchemaType.String, "The device name as the driver reports it", required: true)
            .WithQueryParameter("memoryMb", JsonSchemaType.Integer, "The device's memory in MB")
            .WithQueryParameter<GpuVendor>("vendor", "The vendor, when known")
            .Produces<ProfileMatchResponse>().ProducesValidationProblem();
        return v1;
    }

    private static IResult List(HttpContext http, GpuProfileCatalog catalog, IOptions<GatewayOptions> options)
    {
        var errors = new ValidationErrors();
        var vendor = QueryReader.Enum<GpuVendor>(http.Request, errors, "vendor");
        var gpuClass = QueryReader.Enum<GpuClass>(http.Request, errors, "class");
        var minMemoryGb = QueryReader.Number(http.Request, errors, "minMemoryGb", 0, 100_000);
        var (page, size) = QueryReader.Paging(http.Request, errors, options.Value.MaxPageSize);
        errors.ThrowIfAny();
        var matching = catalog.Query(vendor, gpuClass, minMemoryGb);
        return TypedResults.Ok(new PageResponse<GpuProfile>(matching.Skip((page - 1) * size).Take(size).ToArray(), matching.Count, page, size));
    }

    private static IResult Match(HttpContext http, GpuClassifier classifier, IOptions<GatewayOptions> options)
    {
        var errors = new ValidationErrors();
        var name = FieldRules.Text(errors, "name", QueryReader.Text(http.Request, errors, "name"), options.Value.MaxStringLength, required: true);
        var memoryMb = QueryReader.Long(http.Request, errors, "memoryMb", 0, 16L * 1024 * 1024);
        var vendor = QueryReader.Enum<GpuVendor>(http.Request, errors, "vendor");
        errors.ThrowIfAny();
        var match = classifier.Classify(name, memoryMb, vendor);
        return TypedResults.Ok(new ProfileMatchResponse(name!, memoryMb, match.IsKnown, match.MatchedAlias, match.Confidence, match.Profile));
    }
}
