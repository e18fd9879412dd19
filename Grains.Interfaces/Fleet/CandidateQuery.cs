using Aitbc.Orleans.Geo;

namespace Aitbc.Orleans.Fleet;

/// <summary>Hard filters a region applies to its index before the router scores what is left.</summary>
[GenerateSerializer, Immutable, Alias("aitbc.CandidateQuery")]
public sealed record CandidateQuery(
    [property: Id(0)] GeoPoint Client,
    [property: Id(1)] double LatencyBudgetMs,
    [property: Id(2)] long ModelBytes,
    [property: Id(3)] decimal? MaxPrice,
    [property: Id(4)] bool RequireAttestation,
    [property: Id(5)] PoolKind Pool,
    [property: Id(6)] int MaxResults,
    [property: Id(7)] IReadOnlyList<string> ExcludeGpus);
