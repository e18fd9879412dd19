using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Geo;

namespace Aitbc.Orleans.Routing;

/// <summary>One pool's hard filters for a decision, and how many of the nearest GPUs that pass them to return.</summary>
public sealed record CandidateQuery(
    GeoPoint Client,
    double LatencyBudgetMs,
    long ModelBytes,
    decimal? MaxPrice,
    bool RequireAttestation,
    PoolKind Pool,
    int MaxResults,
    IReadOnlyList<string> ExcludeGpus);
