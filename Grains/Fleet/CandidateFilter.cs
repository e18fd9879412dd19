using Aitbc.Orleans.Routing;

namespace Aitbc.Orleans.Fleet;

/// <summary>The hard filters a region applies to each GPU of its index before the router scores what is left.</summary>
public static class CandidateFilter
{
    /// <summary>The first hard filter a GPU fails, or null. RTT is the geographic estimate blended with the measured one.</summary>
    public static string? Reject(GpuRoutingSummary gpu, CandidateQuery query, out double rtt)
    {
        rtt = 0;
        if (query.ExcludeGpus.Contains(gpu.GpuId))
        {
            return "excluded (earlier attempt)";
        }

        if (gpu.Pool != query.Pool)
        {
            return gpu.Pool == PoolKind.Cloud ? "cloud pool (edge first)" : "edge pool";
        }

        if (!gpu.Routable)
        {
            return gpu.NotRoutableReason ?? "not routable";
        }

        if (gpu.FreeSlots <= 0)
        {
            return "busy";
        }

        if (!ModelFit.Fits(query.ModelBytes, gpu.VramGb, gpu.Fp32Tflops, gpu.Fp16Tflops, gpu.Int8Tops))
        {
            return "too small for the model";
        }

        if (query.RequireAttestation && !gpu.Attested)
        {
            return "not attested";
        }

        if (query.MaxPrice is { } cap && gpu.PriceFloor > cap)
        {
            return "price floor above cap";
        }

        rtt = RttModel.Estimate(query.Client, gpu.Location, gpu.MeasuredRttMs);
        return rtt > query.LatencyBudgetMs ? "outside latency budget" : null;
    }
}
