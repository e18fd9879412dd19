namespace Aitbc.Orleans.Fleet;

/// <summary>One region: an index of its GPUs' routing summaries, availability counts and the statistics pricing reads.</summary>
[Alias("aitbc.IRegionGrain")]
public interface IRegionGrain : IGrainWithStringKey
{
    [Alias("Upsert")]
    Task Upsert(GpuRoutingSummary summary);

    [Alias("Remove")]
    Task Remove(string gpuId);

    [Alias("FindCandidates")]
    Task<CandidateSet> FindCandidates(CandidateQuery query);

    [Alias("GetStats")]
    Task<RegionStats> GetStats();

    [Alias("AdjustQueue")]
    Task AdjustQueue(int delta);

    [Alias("ListGpus")]
    Task<IReadOnlyList<GpuRoutingSummary>> ListGpus();
}
