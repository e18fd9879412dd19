using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Geo;

namespace Aitbc.Orleans.Routing;

/// <summary>
/// One pool's hard filters for a decision, and how many of the nearest GPUs that pass them to return. A GPU fits when a
/// deployable variant of <see cref="Sizes"/> (the original alone when null) fits it (<see cref="ModelFit.Choose(ModelSizes, double, PrecisionSupport, Precision?)"/>);
/// <see cref="WarmKey"/> is the model's warm-filter bits (<see cref="Models.WarmModels"/>), 0 for none.
/// </summary>
public sealed record CandidateQuery(
    GeoPoint Client,
    double LatencyBudgetMs,
    long ModelBytes,
    decimal? MaxPrice,
    bool RequireAttestation,
    PoolKind Pool,
    int MaxResults,
    IReadOnlyList<string> ExcludeGpus,
    ModelSizes? Sizes = null,
    Precision? Pinned = null,
    ulong WarmKey = 0)
{
    public ModelSizes Variants { get; } = Sizes ?? ModelSizes.OriginalOnly(ModelBytes);

    /// <summary>The smallest variant routing may send: a subtree whose largest GPU holds less is not opened.</summary>
    public long SmallestBytes { get; } = (Sizes ?? ModelSizes.OriginalOnly(ModelBytes)).Smallest(Pinned);

    /// <summary>How many candidates a search keeps (at least one), and so how long its buffer must be.</summary>
    public int ResultCount => Math.Max(1, MaxResults);
}
