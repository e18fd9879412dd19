using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Routing.Snapshot;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Routing;

/// <summary>How warmth weighs against latency in the scorer: a cold start is added to cold GPUs only beside a warm one.</summary>
public sealed class WarmScoringTests
{
    private static readonly RoutingOptions Options = new();
    private static readonly CandidateScorer Scorer = new(Options);

    private static SnapshotCandidate Candidate(string id, double rttMs, bool warm) => SyntheticSummaries.Candidate(id, rttMs, warm);

    private static string Best(double coldStartMs, params SnapshotCandidate[] candidates)
    {
        var best = candidates.Min(c => CandidateScorer.EffectiveRttMs(c, coldStartMs));
        return candidates.MaxBy(c => Scorer.Score(c, best, null, coldStartMs))!.GpuId;
    }

    [Fact]
    public void A_warm_gpu_beats_a_nearer_cold_one_unless_it_is_farther_than_a_cold_start()
    {
        var coldStart = Options.ColdStartMs(3_000);

        Assert.Equal("warm", Best(coldStart, Candidate("cold", 2, false), Candidate("warm", 40, true)));
        Assert.Equal("cold", Best(coldStart, Candidate("cold", 2, false), Candidate("warm", 2_000, true)));
    }

    [Fact]
    public void Among_cold_gpus_alone_the_nearest_still_wins()
    {
        Assert.Equal("near", Best(0, Candidate("near", 2, false), Candidate("far", 40, false)));
        Assert.True(Options.ColdStartMs(500_000_000) > Options.ColdStartMs(3_000), "a larger model costs a longer cold start");
    }
}
