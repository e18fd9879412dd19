using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Regions;

namespace Aitbc.Orleans.Routing.Snapshot;

/// <summary>
/// This silo's copy of every region's index, for routing and pricing: local memory, no grain calls. Region grains
/// remain the source of truth; <see cref="FleetSnapshotSync"/> pulls their changes (batched, versioned) into it, and
/// the router feeds back what reservations tell it (a GPU's fresh summary) at once. Searches and statistics take a
/// shared read lock; applying changes takes the write lock only for the in-place update or the swap of a table
/// rebuilt outside it.
/// </summary>
public sealed class FleetSnapshot : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly RegionTable[] _tables;
    private readonly Dictionary<string, int> _indexOf = new(StringComparer.Ordinal);

    /// <summary>GPUs with claims not yet settled (<see cref="Claim"/>): as many as decisions in flight on this silo.</summary>
    private readonly Dictionary<string, ClaimedGpu> _claimed = new(StringComparer.Ordinal);

    public FleetSnapshot()
    {
        var regions = RegionCatalog.Default.All.Select(r => r.Id).ToArray();
        _tables = regions.Select(RegionTable.Empty).ToArray();
        for (var i = 0; i < regions.Length; i++)
        {
            _indexOf[regions[i]] = i;
        }

        Regions = regions;
    }

    public IReadOnlyList<string> Regions { get; }

    /// <summary>GPUs in the snapshot, all regions.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _tables.Sum(t => t.Count);
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public RegionChangesPosition PositionOf(string region)
    {
        var index = IndexOf(region);
        _lock.EnterReadLock();
        try
        {
            return _tables[index].Position;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Claims one of the GPU's free slots on this silo's copy before its reservation is asked, so that concurrent
    /// decisions on this silo see the slot gone and pick another GPU rather than ask for the same one and be refused.
    /// Not granted when the copy shows the GPU taken (by decisions that claimed its last slot, or a refusal's answer): the
    /// caller skips it without a call. A GPU the copy does not hold is left to its reservation to decide. The slot stays
    /// claimed until <see cref="Settle"/>, whatever summaries of the GPU arrive meanwhile: a region's batch or a lease
    /// renewal made before the reservation would otherwise hand the slot out again (a CI run saw one refused that way).
    /// </summary>
    public SnapshotClaim Claim(string region, string gpuId)
    {
        if (!_indexOf.TryGetValue(region, out var index))
        {
            return SnapshotClaim.Unheld(region, gpuId);
        }

        _lock.EnterWriteLock();
        try
        {
            var table = _tables[index];
            if (table.Find(gpuId) is not { } shown)
            {
                return SnapshotClaim.Unheld(region, gpuId);
            }

            if (RejectReasons.StatusOf(shown) != RejectReasons.Available)
            {
                return SnapshotClaim.Taken(region, gpuId);
            }

            // With no claim outstanding the copy shows the truth; with some, the truth is kept beside it.
            var claimed = _claimed.TryGetValue(gpuId, out var held) ? held : new ClaimedGpu(shown);
            claimed.Claims++;
            if (!table.TryUpdate(claimed.Shown))
            {
                claimed.Claims--;
                return SnapshotClaim.Unheld(region, gpuId);
            }

            _claimed[gpuId] = claimed;
            return new SnapshotClaim(true, true, region, gpuId);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Ends a granted claim with its reservation's answer (the GPU's summary after it), or with none when the call
    /// failed: the copy then shows the latest true summary with only the claims still outstanding taken off.
    /// </summary>
    public void Settle(SnapshotClaim claim, GpuRoutingSummary? answer)
    {
        if (!claim.Held)
        {
            if (answer is not null)
            {
                Learn(claim.Region, answer);
            }

            return;
        }

        var index = IndexOf(claim.Region);
        _lock.EnterWriteLock();
        try
        {
            if (!_claimed.TryGetValue(claim.GpuId, out var claimed))
            {
                return;
            }

            claimed.Claims--;
            if (answer is not null)
            {
                claimed.Truth = answer;
            }

            if (claimed.Claims == 0)
            {
                _claimed.Remove(claim.GpuId);
            }

            _tables[index].TryUpdate(claimed.Shown);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The GPU's summary as this silo sees it, or null when the snapshot does not hold it.</summary>
    public GpuRoutingSummary? Find(string gpuId)
    {
        _lock.EnterReadLock();
        try
        {
            foreach (var table in _tables)
            {
                if (table.Find(gpuId) is { } gpu)
                {
                    return gpu;
                }
            }

            return null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Applies a region's answer. A delta applies only on top of the version it starts from or later (answers can
    /// arrive out of order: the poll and a refresh); a full copy applies when it is newer or from another epoch.
    /// Returns whether anything was applied.
    /// </summary>
    public bool Apply(RegionChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var index = IndexOf(changes.Region);
        var to = new RegionChangesPosition(changes.Epoch, changes.ToVersion);

        // One writer at a time; readers go on while a table is rebuilt, and wait only for the swap or the update.
        _lock.EnterUpgradeableReadLock();
        try
        {
            var table = _tables[index];
            var at = table.Position;
            if (changes.Full)
            {
                if (at.Epoch == changes.Epoch && at.Version >= changes.ToVersion)
                {
                    return false;
                }

                Swap(index, RegionTable.Build(changes.Region, to, changes.QueueLength, WithClaims(changes.Upserts)));
                return true;
            }

            if (at.Epoch != changes.Epoch || changes.FromVersion > at.Version || changes.ToVersion <= at.Version)
            {
                return false;
            }

            var upserts = WithClaims(changes.Upserts);
            var joining = upserts.Count(g => !table.Contains(g.GpuId));
            if (table.OverflowCount + joining > RegionTable.OverflowLimit)
            {
                // Many GPUs joining at once (a fleet registering): one fresh table instead of a long overflow.
                var merged = table.Summaries().ToDictionary(g => g.GpuId, StringComparer.Ordinal);
                foreach (var id in changes.Removed)
                {
                    merged.Remove(id);
                }

                foreach (var gpu in upserts)
                {
                    merged[gpu.GpuId] = gpu;
                }

                Swap(index, RegionTable.Build(changes.Region, to, changes.QueueLength, merged.Values));
                return true;
            }

            _lock.EnterWriteLock();
            try
            {
                foreach (var id in changes.Removed)
                {
                    table.Remove(id);
                }

                foreach (var gpu in upserts)
                {
                    table.Upsert(gpu);
                }

                table.Position = to;
                table.QueueLength = changes.QueueLength;
            }
            finally
            {
                _lock.ExitWriteLock();
            }

            if (table.NeedsRebuild)
            {
                Swap(index, table.Rebuilt());
            }

            return true;
        }
        finally
        {
            _lock.ExitUpgradeableReadLock();
        }
    }

    /// <summary>
    /// What a reservation answer says about a GPU (accepted: one slot fewer; refused: why), applied at once so this silo
    /// stops offering a GPU that is busy, hot or gone before the region's next batch says so. It updates only GPUs the snapshot
    /// holds, in place; a GPU that moved waits for its region's batch, and the region's later batches win. This silo's
    /// rows feed it the same way as they queue their summaries (<c>RegionDeltaBatcher</c>). A name that is no region is ignored.
    /// </summary>
    public void Learn(string region, GpuRoutingSummary fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        if (!_indexOf.TryGetValue(region, out var index))
        {
            return;
        }

        _lock.EnterReadLock();
        try
        {
            // The silo that made the change has it already (its rows' batcher applied it): no write lock.
            if (ReferenceEquals(_tables[index].Find(fresh.GpuId), fresh))
            {
                return;
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        _lock.EnterWriteLock();
        try
        {
            _tables[index].TryUpdate(ShownFor(fresh));
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The nearest GPUs that pass the query's hard filters, nearest first; the others are counted in the tally.</summary>
    public SnapshotCandidate[] FindCandidates(CandidateQuery query, RejectionTally tally)
    {
        ArgumentNullException.ThrowIfNull(query);
        var found = new SnapshotCandidate[query.ResultCount];
        var count = FindCandidates(query, tally, found);
        return count == found.Length ? found : found[..count];
    }

    /// <summary>
    /// As <see cref="FindCandidates(CandidateQuery, RejectionTally)"/>, into <paramref name="found"/> (at least the query's
    /// <see cref="CandidateQuery.ResultCount"/> long, so a router can rent it): how many it found, nearest first.
    /// </summary>
    public int FindCandidates(CandidateQuery query, RejectionTally tally, SnapshotCandidate[] found)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(tally);
        _lock.EnterReadLock();
        try
        {
            return SnapshotSearch.Current.Find(_tables, query, tally, found);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Pricing's view of a region, from counts kept as its GPUs change (empty for a name that is no region).</summary>
    public RegionStats StatsOf(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (!_indexOf.TryGetValue(region, out var index))
        {
            return new RegionLoad().ToStats(region, 0);
        }

        _lock.EnterReadLock();
        try
        {
            var table = _tables[index];
            return table.Load.ToStats(region, table.QueueLength);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Frees the lock's wait handles. At silo shutdown the host disposes its singletons while a routing call or the sync
    /// may still be inside the lock, and disposing a lock in use throws, which failed the host's disposal (seen in CI);
    /// then the handles are left to their finalizers.
    /// </summary>
    public void Dispose()
    {
        try
        {
            _lock.Dispose();
        }
        catch (SynchronizationLockException)
        {
            // In use at shutdown: see above.
        }
    }

    /// <summary>
    /// A true summary as the copy shows it: with the slots of unsettled claims taken off, which it then keeps as the
    /// claimed GPU's truth. Called under the write lock, or the upgradeable one (which excludes every other caller).
    /// </summary>
    private GpuRoutingSummary ShownFor(GpuRoutingSummary truth)
    {
        if (!_claimed.TryGetValue(truth.GpuId, out var claimed))
        {
            return truth;
        }

        claimed.Truth = truth;
        return claimed.Shown;
    }

    private IReadOnlyList<GpuRoutingSummary> WithClaims(IReadOnlyList<GpuRoutingSummary> upserts) =>
        _claimed.Count == 0 ? upserts : upserts.Select(ShownFor).ToArray();

    private void Swap(int index, RegionTable table)
    {
        _lock.EnterWriteLock();
        try
        {
            _tables[index] = table;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private int IndexOf(string region) =>
        _indexOf.TryGetValue(region, out var index) ? index : throw new ArgumentException($"'{region}' is not a region", nameof(region));
}
