using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Jobs;

namespace Aitbc.Orleans.Routing;

/// <summary>
/// What to route. <see cref="PinnedGpu"/> (hardware challenges) routes to that GPU or nowhere. <see cref="Sizes"/> are
/// the job's deployable variants' sizes (a GPU fits only for one of them), <see cref="Precision"/> a precision the
/// submitter pinned, <see cref="ModelId"/> what makes a GPU warm for it.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.RoutingRequest")]
public sealed record RoutingRequest(
    [property: Id(0)] string BookingId,
    [property: Id(1)] string? JobId,
    [property: Id(2)] GeoPoint Client,
    [property: Id(3)] LatencyClass LatencyClass,
    [property: Id(4)] long ModelBytes,
    [property: Id(5)] decimal? MaxPrice,
    [property: Id(6)] bool RequireAttestation,
    [property: Id(7)] bool PreferCloud,
    [property: Id(8)] IReadOnlyList<string> ExcludeGpus,
    [property: Id(9)] TimeSpan Lease,
    [property: Id(10)] string? PinnedGpu = null,
    [property: Id(11)] ModelSizes? Sizes = null,
    [property: Id(12)] Precision? Precision = null,
    [property: Id(13)] string? ModelId = null)
{
    /// <summary>The variants routing may fit: <see cref="Sizes"/>, or the original alone (<see cref="ModelBytes"/>).</summary>
    public ModelSizes Variants => Sizes ?? ModelSizes.OriginalOnly(ModelBytes);
}
