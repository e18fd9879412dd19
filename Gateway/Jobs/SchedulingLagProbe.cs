using System.Diagnostics;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Operations;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Jobs;

/// <summary>
/// One sample of how far behind the work of a submission runs: how long a work item waits in this process's
/// thread-pool queue and, for a gateway in its own process (<see cref="GatewayOptions.MeasureSiloLag"/>), how long the
/// silos take to answer the cheapest call there is (<see cref="IPingGrain"/>, a stateless worker), whichever is longer.
/// A separate gateway's own queue stays short while the silos it feeds fall behind; the ping waits in their queues as
/// a submission's calls do. Each sample sends one ping and does not wait for it: it reads the slowest answer since
/// the last sample and the age of the oldest ping not yet answered, so a silo that stops answering shows in every
/// sample at once rather than in one slow sample. Operational time on the process clock, not domain time.
/// </summary>
public sealed class SchedulingLagProbe
{
    /// <summary>The most a ping counts, however long it has been out.</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A client sends all calls to one grain through one silo, chosen by the grain's key: pings rotate over a few keys so
    /// that, with several silos, the samples come from all of them.
    /// </summary>
    private const int PingKeys = 8;

    /// <summary>
    /// Unanswered pings kept at most: a silo that answers none must not make the gateway pile them up. A ping stays
    /// counted until it answers or fails (an Orleans call fails at its response timeout), so a silo that stays silent
    /// shows the cap in every sample, whatever the gateway's own pauses.
    /// </summary>
    private const int MaxOutstanding = 32;

    private readonly Func<int, Task>? _ping;
    private readonly TimeSpan _cap;
    private readonly Func<Task<TimeSpan>> _ownQueue;
    private readonly Dictionary<long, long> _outstanding = [];
    private long _pings;
    private long _failed;
    private long _slowestAnsweredTicks;

    public SchedulingLagProbe(IOptions<GatewayOptions> options, IGrainFactory grains)
        : this(options.Value.MeasureSiloLag ? key => grains.GetGrain<IPingGrain>(key).Ping(key) : null, Cap)
    {
    }

    /// <param name="ping">Pings the silos with a key; null measures this process alone (a gateway hosted in a silo).</param>
    /// <param name="cap">The most one ping counts.</param>
    /// <param name="ownQueue">Measures this process's own lag; <see cref="QueueDelay"/> unless a test needs it fixed.</param>
    public SchedulingLagProbe(Func<int, Task>? ping, TimeSpan cap, Func<Task<TimeSpan>>? ownQueue = null)
    {
        _ping = ping;
        _cap = cap;
        _ownQueue = ownQueue ?? QueueDelay;
    }

    public bool MeasuresSilos => _ping is not null;

    /// <summary>Pings sent and not yet answered or failed.</summary>
    public int Unanswered
    {
        get
        {
            lock (_outstanding)
            {
                return _outstanding.Count;
            }
        }
    }

    /// <summary>Pings that failed (no silo reachable, or the call timed out) since this probe started.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public async Task<TimeSpan> Measure()
    {
        if (_ping is null)
        {
            return await _ownQueue().ConfigureAwait(false);
        }

        SendPing(_ping);
        var own = await _ownQueue().ConfigureAwait(false);
        var theirs = SilosLag();
        return own > theirs ? own : theirs;
    }

    /// <summary>
    /// How long a work item waits in the thread pool's global queue, where the silo's grains and the gateway's requests
    /// wait. Not a timer's lateness: the runtime fires timers from a queue of higher priority, so they run on time while
    /// grain work waits seconds.
    /// </summary>
    public static Task<TimeSpan> QueueDelay()
    {
        var ran = new TaskCompletionSource<TimeSpan>();
        ThreadPool.UnsafeQueueUserWorkItem(
            static probe => probe.Ran.TrySetResult(Stopwatch.GetElapsedTime(probe.QueuedAt)),
            (QueuedAt: Stopwatch.GetTimestamp(), Ran: ran),
            preferLocal: false);
        return ran.Task;
    }

    private void SendPing(Func<int, Task> ping)
    {
        long id;
        lock (_outstanding)
        {
            if (_outstanding.Count >= MaxOutstanding)
            {
                return;
            }

            id = ++_pings;
            _outstanding[id] = Stopwatch.GetTimestamp();
        }

        Task call;
        try
        {
            call = ping((int)(id % PingKeys));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            call = Task.FromException(ex);
        }

        _ = call.ContinueWith((answered, state) => ((SchedulingLagProbe)state!).Answered(id, answered), this, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>An answer counts its round trip; a failure (no silo reachable) counts as the cap, as a submission would fail too.</summary>
    private void Answered(long id, Task answer)
    {
        _ = answer.Exception; // observed: a failed ping is a reading, not an unobserved fault
        lock (_outstanding)
        {
            if (!_outstanding.Remove(id, out var started))
            {
                return;
            }

            if (!answer.IsCompletedSuccessfully)
            {
                Interlocked.Increment(ref _failed);
            }

            var took = answer.IsCompletedSuccessfully ? Stopwatch.GetElapsedTime(started) : _cap;
            _slowestAnsweredTicks = Math.Max(_slowestAnsweredTicks, Math.Min(took.Ticks, _cap.Ticks));
        }
    }

    /// <summary>The slowest answer since the last sample, or the age of the oldest ping still out if that is longer.</summary>
    private TimeSpan SilosLag()
    {
        lock (_outstanding)
        {
            var now = Stopwatch.GetTimestamp();
            var lag = _slowestAnsweredTicks;
            _slowestAnsweredTicks = 0;
            foreach (var started in _outstanding.Values)
            {
                lag = Math.Max(lag, Math.Min(_cap.Ticks, Stopwatch.GetElapsedTime(started, now).Ticks));
            }

            return TimeSpan.FromTicks(lag);
        }
    }
}
