using System.Buffers;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Hosting;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Routing.Snapshot;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Routing;

/// <summary>
/// Geo router on this silo's <see cref="FleetSnapshot"/>: (1) a best-first search over every region's index finds the
/// nearest GPUs that pass the hard filters (capability, availability, thermal state, power, schedule, stake,
/// attestation, price cap, latency budget), with no grain call; (2) the scorer ranks them; (3) near-ties are broken at
/// random; (4) the pick's slot is claimed on this silo's snapshot, so concurrent decisions here pick other GPUs, and the
/// GPU grain's reservation decides: its answer corrects the snapshot, so a refusal because the copy was stale moves on
/// to the next candidate. Edge first; the cloud pool only when no edge GPU fits, or first when
/// the job asks for it. Before answering "no capacity" it refreshes the snapshot from the regions once, so a GPU that
/// registered just before the request is seen. A decision stops trying a pool after
/// <see cref="RoutingOptions.MaxRefusedReservations"/> refused reservations there (the other pool keeps its own budget,
/// so a full edge still falls back to the cloud), and skips that refresh, so an overloaded fleet costs a few calls per
/// try and the job's own backoff spaces the tries. A request pinned to one GPU (the platform's hardware challenges) goes
/// to that GPU or nowhere. One per silo, called in the caller's own turn (the job grain's): a decision is no message of
/// its own, only its reservation is, and decisions run side by side as their callers do.
/// </summary>
public sealed class FleetRouter(FleetSnapshot snapshot, FleetSnapshotSync sync, IGrainFactory grains, IOptions<RoutingOptions> options, DomainTime time)
{
    private readonly RoutingOptions _options = options.Value;
    private readonly CandidateScorer _scorer = new(options.Value);

    private static readonly PoolKind[] EdgeFirst = [PoolKind.Edge, PoolKind.Cloud];

    private static readonly PoolKind[] CloudFirst = [PoolKind.Cloud, PoolKind.Edge];

    /// <summary>A pool's accepted decision carries this until <see cref="Route"/> puts in the whole decision's counts.</summary>
    private static readonly IReadOnlyDictionary<string, int> NotYetCounted = new Dictionary<string, int>();

    public async Task<RoutingDecision> Route(RoutingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PinnedGpu is { } pinned)
        {
            return await RoutePinned(request, pinned);
        }

        var pools = request.PreferCloud ? CloudFirst : EdgeFirst;
        var refusals = new RejectionTally();
        var rejections = new RejectionTally();
        var considered = 0;
        var outOfRefusals = false;
        for (var pass = 0; pass < 2; pass++)
        {
            if (pass > 0)
            {
                rejections = new RejectionTally();
            }

            foreach (var pool in pools)
            {
                var poolTally = new RejectionTally();
                var (decision, count, poolOutOfRefusals) = await RouteInPool(request, pool, poolTally, refusals);
                considered += count;
                rejections.Merge(poolTally);
                if (decision is not null)
                {
                    rejections.Merge(refusals);
                    return decision with
                    {
                        FellBackToCloud = pool == PoolKind.Cloud && !request.PreferCloud,
                        Rejections = rejections.ToDictionary(),
                        CandidatesConsidered = considered,
                    };
                }

                // Each pool has its own budget, so a full edge pool still falls back to the cloud in this try.
                outOfRefusals |= poolOutOfRefusals;
            }

            if (outOfRefusals)
            {
                // The fleet is full where this job may run: a refresh would only find the same GPUs busy.
                break;
            }

            if (pass == 0)
            {
                // Nothing on this silo's copy: read the regions once before saying so, after giving every silo's batcher
                // time to deliver what its GPUs released just before (a tick and a send), so a GPU freed on another silo
                // a moment ago is found rather than answered as no capacity.
                await Task.Delay(_options.SummaryBatchInterval * 2);
                await sync.RefreshAsync();
            }
        }

        rejections.Merge(refusals);
        var reasons = rejections.ToDictionary();
        return new RoutingDecision(false, null, null, 0, 0, false, NoCapacityReason(request, reasons), reasons, considered);
    }

    private async Task<(RoutingDecision? Decision, int Considered, bool OutOfRefusals)> RouteInPool(
        RoutingRequest request, PoolKind pool, RejectionTally tally, RejectionTally refusals)
    {
        // A decision's candidates and their scores live for its reservations only: rented, not allocated per search.
        var size = Math.Max(1, _options.Candidates);
        var candidates = ArrayPool<SnapshotCandidate>.Shared.Rent(size);
        var scored = ArrayPool<(SnapshotCandidate Candidate, double Score)>.Shared.Rent(size);
        try
        {
            return await RouteInPool(request, pool, tally, refusals, candidates, scored);
        }
        finally
        {
            ArrayPool<SnapshotCandidate>.Shared.Return(candidates, clearArray: true);
            ArrayPool<(SnapshotCandidate Candidate, double Score)>.Shared.Return(scored, clearArray: true);
        }
    }

    private async Task<(RoutingDecision? Decision, int Considered, bool OutOfRefusals)> RouteInPool(
        RoutingRequest request, PoolKind pool, RejectionTally tally, RejectionTally refusals,
        SnapshotCandidate[] candidates, (SnapshotCandidate Candidate, double Score)[] scored)
    {
        var excluded = request.ExcludeGpus;
        var considered = 0;
        var refusedBefore = refusals.RefusalCount;
        var warmKey = request.ModelId is { } modelId ? Models.WarmModels.KeyOf(modelId) : 0;
        for (var round = 0; round < _options.ReservationRounds; round++)
        {
            // Each round counts the filters afresh; refused reservations stay counted across rounds.
            tally.ClearFilterCounts();
            var query = new CandidateQuery(
                request.Client, request.LatencyClass.BudgetMs(), request.ModelBytes, request.MaxPrice, request.RequireAttestation, pool,
                _options.Candidates, excluded, request.Variants, request.Precision, warmKey);
            var found = snapshot.FindCandidates(query, tally, candidates);
            if (found == 0)
            {
                return (null, considered, false);
            }

            considered += found;
            Score(candidates.AsSpan(0, found), scored.AsSpan(0, found), request);
            ReservationOrder.Arrange(scored.AsSpan(0, found), _options.TieBand, Random.Shared);
            List<string>? stillOffered = null;
            for (var i = 0; i < found; i++)
            {
                var (pick, score) = scored[i];
                if (refusals.RefusalCount - refusedBefore >= _options.MaxRefusedReservations)
                {
                    return (null, considered, true);
                }

                // The list is as the snapshot was when this round searched; concurrent decisions on this silo may have
                // claimed some of it since. A claim takes the slot on this silo's copy before the call, so they pick
                // other GPUs rather than queue for this one's refusal, and a GPU already claimed is skipped without a call.
                var claim = snapshot.Claim(pick.Region, pick.GpuId);
                if (!claim.Granted)
                {
                    continue;
                }

                ReservationResult reservation;
                try
                {
                    reservation = await grains.GpuRow(pick.GpuId).TryReserve(new ReservationRequest(
                        request.BookingId, request.JobId, time.GetUtcNow() + request.Lease, RequireAttestation: request.RequireAttestation));
                }
                catch
                {
                    snapshot.Settle(claim, null);
                    throw;
                }

                snapshot.Settle(claim, reservation.Summary);

                if (reservation.Accepted)
                {
                    return (new RoutingDecision(
                        true, reservation.Summary ?? pick.Summary, pick.Region, pick.RttMs, score, false, null,
                        NotYetCounted, considered, pick.Warm), considered, false);
                }

                refusals.AddRefusal(reservation.Reason ?? "refused");

                // A GPU that refused but still looks free (its reason is not in its summary) is not offered again.
                if (reservation.Summary is null || RejectReasons.StatusOf(reservation.Summary) == RejectReasons.Available)
                {
                    (stillOffered ??= [.. excluded]).Add(pick.GpuId);
                }
            }

            excluded = stillOffered ?? excluded;
        }

        return (null, considered, false);
    }

    /// <summary>
    /// A job pinned to one GPU (a hardware challenge) goes there or nowhere: no search, no scoring, no pool or latency
    /// filter; the GPU's own reservation check (routable, free slot, attestation where required) decides.
    /// </summary>
    private async Task<RoutingDecision> RoutePinned(RoutingRequest request, string gpuId)
    {
        var gpu = grains.GpuRow(gpuId);
        var view = await gpu.GetSnapshot();
        if (view is null)
        {
            return NotRouted($"pinned GPU {gpuId} is not registered");
        }

        var reservation = await gpu.TryReserve(new ReservationRequest(
            request.BookingId, request.JobId, time.GetUtcNow() + request.Lease, RequireAttestation: request.RequireAttestation));
        if (reservation.Summary is { } fresh)
        {
            snapshot.Learn(view.Region, fresh);
        }

        if (!reservation.Accepted)
        {
            return NotRouted($"pinned GPU {gpuId}: {reservation.Reason ?? "refused"}");
        }

        var summary = reservation.Summary ?? view.Routing;
        return new RoutingDecision(
            true, summary, view.Region, RttModel.Estimate(request.Client, summary.Location, summary.MeasuredRttMs), 0, false, null,
            new Dictionary<string, int>(), 1);

        static RoutingDecision NotRouted(string reason) =>
            new(false, null, null, 0, 0, false, reason, new Dictionary<string, int> { [reason] = 1 }, 1);
    }

    /// <summary>
    /// Each candidate with its score, in one pass per figure (a decision makes this for every search, so no LINQ): a cold
    /// start counts against the cold candidates only when a warm one is there to compare with.
    /// </summary>
    private void Score(ReadOnlySpan<SnapshotCandidate> candidates, Span<(SnapshotCandidate Candidate, double Score)> scored, RoutingRequest request)
    {
        var anyWarm = false;
        foreach (var candidate in candidates)
        {
            anyWarm |= candidate.Warm;
        }

        var coldStart = anyWarm ? _options.ColdStartMs(request.Variants.Smallest(request.Precision)) : 0;
        var bestRtt = double.PositiveInfinity;
        foreach (var candidate in candidates)
        {
            bestRtt = Math.Min(bestRtt, CandidateScorer.EffectiveRttMs(candidate, coldStart));
        }

        for (var i = 0; i < candidates.Length; i++)
        {
            scored[i] = (candidates[i], _scorer.Score(candidates[i], bestRtt, request.MaxPrice, coldStart));
        }
    }

    private static string NoCapacityReason(RoutingRequest request, Dictionary<string, int> rejections)
    {
        var budget = request.LatencyClass.BudgetMs();
        if (rejections.Count == 0)
        {
            return $"no capacity: no GPU lies within the {request.LatencyClass.ToString().ToLowerInvariant()} budget of {budget} ms from ({request.Client.Latitude:F2}, {request.Client.Longitude:F2})";
        }

        var parts = rejections.OrderByDescending(r => r.Value).Select(r => $"{r.Value} {r.Key}");
        return $"no capacity within {budget} ms: " + string.Join(", ", parts);
    }
}
