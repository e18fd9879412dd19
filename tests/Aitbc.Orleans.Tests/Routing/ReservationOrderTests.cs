using Aitbc.Orleans.Routing;
using Aitbc.Orleans.Routing.Snapshot;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Routing;

/// <summary>The order a decision reserves in: near-ties of the best first and shuffled, everything else by score, in place.</summary>
public sealed class ReservationOrderTests
{
    private static (SnapshotCandidate, double) Scored(string id, double rttMs, double score) => (SyntheticSummaries.Candidate(id, rttMs), score);

    private static (SnapshotCandidate, double)[] Candidates() =>
    [
        Scored("slow", 4, 0.50),
        Scored("tie-b", 5.2, 0.89),
        Scored("far-in-band", 30, 0.895),
        Scored("best", 5, 0.90),
        Scored("second-tier", 8, 0.70),
        Scored("tie-c", 5.1, 0.885),
        Scored("farther-in-band", 40, 0.887),
    ];

    [Fact]
    public void Near_ties_of_the_best_go_first_in_random_order_and_the_rest_keep_their_score_order()
    {
        var firsts = new HashSet<string>();
        for (var seed = 0; seed < 200; seed++)
        {
            var scored = Candidates();
            ReservationOrder.Arrange(scored, tieBand: 0.02, new Random(seed));
            var ids = scored.Select(s => s.Item1.GpuId).ToArray();

            // Within the band in score but 6 and 8 times the best's RTT: not ties, so they follow the ties in score order.
            Assert.Equal(["best", "tie-b", "tie-c"], ids.Take(3).Order());
            Assert.Equal(["far-in-band", "farther-in-band", "second-tier", "slow"], ids.Skip(3));
            firsts.Add(ids[0]);
        }

        Assert.Equal(3, firsts.Count);
    }

    [Fact]
    public void A_best_without_near_ties_is_always_tried_first()
    {
        var scored = new[] { Scored("b", 5, 0.6), Scored("a", 5, 0.9), Scored("c", 5, 0.5) };

        ReservationOrder.Arrange(scored, tieBand: 0.02, new Random(1));

        Assert.Equal(["a", "b", "c"], scored.Select(s => s.Item1.GpuId));
    }
}
