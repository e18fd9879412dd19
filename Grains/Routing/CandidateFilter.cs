using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Routing.Snapshot;

namespace Aitbc.Orleans.Routing;

/// <summary>
/// The hard filters, in one place: the routing snapshot applies them to its rows, and anything holding a summary
/// (benchmarks, tools) goes through the same rules. Order: earlier attempt excluded, pool, routable (with the GPU's
/// own reason), free slot, model fit, attestation, price cap, latency budget (RTT is the geographic estimate blended
/// with the measured one, <see cref="RttModel.Estimate"/>, worked out from the row's unit vector).
/// </summary>
public static class CandidateFilter
{
    /// <summary>
    /// The code of the first filter the GPU fails (<see cref="RejectReasons"/>), or <see cref="RejectReasons.None"/>:
    /// <paramref name="gpu"/> is the flat row the snapshot scans, <paramref name="summary"/> the summary it was made
    /// from (its id and price floor, which the row does not copy), read only when the query excludes GPUs or caps the price.
    /// </summary>
    public static int Reject(in GpuRow gpu, GpuRoutingSummary summary, CandidateQuery query, out double rtt) =>
        Reject(gpu, summary, query, UnitVector.Of(query.Client), out rtt);

    /// <summary>
    /// The same, with the query's client already as a unit vector (<see cref="UnitVector.Of"/>): a search works it out
    /// once, not once per GPU it filters.
    /// </summary>
    public static int Reject(in GpuRow gpu, GpuRoutingSummary summary, CandidateQuery query, (double X, double Y, double Z) client, out double rtt)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(query);
        rtt = 0;
        if (query.ExcludeGpus.Count > 0 && IsExcluded(query.ExcludeGpus, summary.GpuId))
        {
            return RejectReasons.Excluded;
        }

        if (gpu.Pool != query.Pool)
        {
            return RejectReasons.OtherPool(gpu.Pool);
        }

        if (gpu.Status != RejectReasons.Available)
        {
            return gpu.Status;
        }

        if (ModelFit.Choose(query.Variants, gpu.LargestModelBytes, gpu.Precisions, query.Pinned) is null)
        {
            return RejectReasons.TooSmall;
        }

        if (query.RequireAttestation && !gpu.Attested)
        {
            return RejectReasons.NotAttested;
        }

        if (query.MaxPrice is { } cap && summary.PriceFloor > cap)
        {
            return RejectReasons.PriceAboveCap;
        }

        rtt = gpu.RttMsFrom(client.X, client.Y, client.Z);
        return rtt > query.LatencyBudgetMs ? RejectReasons.OutsideBudget : RejectReasons.None;
    }

    /// <summary>The same rules for a summary: the reason text, or null when the GPU is a candidate.</summary>
    public static string? Reject(GpuRoutingSummary gpu, CandidateQuery query, out double rtt)
    {
        var code = Reject(GpuRow.From(gpu), gpu, query, out rtt);
        return code switch
        {
            RejectReasons.None => null,
            RejectReasons.NotRoutable => gpu.NotRoutableReason ?? RejectReasons.Text(code),
            _ => RejectReasons.Text(code),
        };
    }

    private static bool IsExcluded(IReadOnlyList<string> excluded, string gpuId)
    {
        for (var i = 0; i < excluded.Count; i++)
        {
            if (string.Equals(excluded[i], gpuId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
