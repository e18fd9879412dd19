using Aitbc.Orleans.Routing.Snapshot;

namespace Aitbc.Orleans.Routing;

/// <summary>
/// The order in which a decision tries to reserve its scored candidates: best score first, except that the near-ties of
/// the best go first in random order, so load spreads across equivalent GPUs. A near-tie is within the tie band of the
/// best score and within 10 % + 1 ms of the best's RTT, so the randomness never trades away real latency. The others
/// keep their order.
/// </summary>
public static class ReservationOrder
{
    /// <summary>Arranges <paramref name="scored"/> in place: a decision does this for every search.</summary>
    public static void Arrange(Span<(SnapshotCandidate Candidate, double Score)> scored, double tieBand, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (scored.IsEmpty)
        {
            return;
        }

        scored.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        var best = scored[0];

        // Only the tie band can hold ties, and it is a few entries long: each tie is rotated to the end of the ties
        // found before it, which keeps the others in order without a second array.
        var ties = 0;
        for (var i = 0; i < scored.Length && best.Score - scored[i].Score <= tieBand; i++)
        {
            if (scored[i].Candidate.RttMs <= best.Candidate.RttMs * 1.1 + 1)
            {
                var tie = scored[i];
                scored[ties..i].CopyTo(scored[(ties + 1)..]);
                scored[ties++] = tie;
            }
        }

        random.Shuffle(scored[..ties]);
    }
}
