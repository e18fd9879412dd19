using Aitbc.Orleans.Hosting;
using Orleans.Concurrency;

namespace Aitbc.Orleans.Jobs;

/// <summary>
/// A tenant's job index: the current page in this grain's state, full pages in <see cref="ITenantJobsPageGrain"/>.
/// An append writes the current page only (at most <see cref="PageSize"/> ids), and concurrent appends share a write
/// (reentrant, <see cref="GroupCommit"/>), so a busy tenant's submissions do not queue behind each other's writes.
/// </summary>
[Reentrant]
public sealed class TenantJobsGrain(
    [PersistentState("tenantjobs.index", AitbcConstants.GrainStorage)] IPersistentState<TenantJobsState> state) : Grain, ITenantJobsGrain
{
    /// <summary>
    /// Ids per page. Every append rewrites the current page, so its size is what a job pays for the index: at 64 a write
    /// carries 32 ids on average (about 1 KB) against 128 at 256, and a full page moves once per 64 jobs.
    /// </summary>
    public const int PageSize = 64;

    /// <summary>How far back a listing reaches.</summary>
    public const int MaxListed = 10_000;

    private HashSet<string>? _current;

    /// <summary>
    /// The index as calls change it. Calls interleave with a write in flight, and a provider may serialise the state
    /// after its first await, so each write stores a copy taken when it starts.
    /// </summary>
    private TenantJobsState? _working;
    private GroupCommit? _commit;
    private Task _pageMove = Task.CompletedTask;

    private TenantJobsState S => _working ??= new TenantJobsState { Current = [.. state.State.Current], Pages = state.State.Pages };
    private string Tenant => this.GetPrimaryKeyString();
    private HashSet<string> CurrentIds => _current ??= S.Current.ToHashSet(StringComparer.Ordinal);
    private GroupCommit Commits => _commit ??= new GroupCommit(Write, ex => this.DeactivateAfterFailedWrite(ex));

    private Task Write()
    {
        state.State = new TenantJobsState { Current = [.. S.Current], Pages = S.Pages };
        return state.WriteStateAsync();
    }

    public async Task Add(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        if (CurrentIds.Add(jobId))
        {
            S.Current.Add(jobId);
            if (S.Current.Count >= PageSize)
            {
                // The full page is stored before the state that no longer holds it; a retried move stores nothing new.
                var full = S.Current.ToArray();
                var page = S.Pages;
                S.Current = [];
                S.Pages++;
                _current = [];
                _pageMove = MovePage(page, full);
            }
        }

        // No write may persist the emptied page before the full one is stored, whichever call started the move.
        await _pageMove;
        await Commits.Commit();
    }

    private async Task MovePage(int page, string[] full)
    {
        try
        {
            await GrainFactory.Grain<ITenantJobsPageGrain>($"{Tenant}/{page}").Store(full);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            this.DeactivateAfterFailedWrite(ex);
            throw;
        }
    }

    public async Task<IReadOnlyList<string>> List(int max)
    {
        var wanted = Math.Clamp(max, 1, MaxListed);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ids = new List<string>(Math.Min(wanted, PageSize));
        void Take(IEnumerable<string> newestFirst)
        {
            foreach (var id in newestFirst)
            {
                if (ids.Count < wanted && seen.Add(id))
                {
                    ids.Add(id);
                }
            }
        }

        Take(Enumerable.Reverse(S.Current));
        for (var page = S.Pages - 1; page >= 0 && ids.Count < wanted; page--)
        {
            Take((await GrainFactory.Grain<ITenantJobsPageGrain>($"{Tenant}/{page}").Read()).Reverse());
        }

        return ids;
    }
}
