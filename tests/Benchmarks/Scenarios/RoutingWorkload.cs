using Aitbc.Orleans.Benchmarks.Harness;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Geo;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Routing;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// Routing requests as the gateway would send them: clients placed by population, a 100 MB model (fits every
/// consumer GPU), the Standard class (2000 ms, so the router may go world-wide). Every accepted decision holds a GPU;
/// the booking is released as soon as the decision returns (not part of the decision's latency, but part of the load),
/// so the fleet's free capacity stays constant.
/// </summary>
public sealed class RoutingWorkload
{
    public const long ModelBytes = 100L * 1024 * 1024;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private readonly GeoPoint[] _clients;
    private readonly string _prefix;
    private long _unrouted;
    private long _decisions;
    private long _considered;
    private long _releasing;
    private long _releaseErrors;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _noCapacityReasons = new(StringComparer.Ordinal);

    public RoutingWorkload(string prefix, int seed, int clientCount = 4096)
    {
        _prefix = prefix;
        var rng = new Random(seed);
        _clients = [.. Enumerable.Range(0, clientCount).Select(_ => GeoSampler.Sample(rng))];
    }

    public long Unrouted => Interlocked.Read(ref _unrouted);

    public long Decisions => Interlocked.Read(ref _decisions);

    public long ReleaseErrors => Interlocked.Read(ref _releaseErrors);

    public double MeanCandidatesConsidered => Decisions == 0 ? 0 : Interlocked.Read(ref _considered) / (double)Decisions;

    /// <summary>Why decisions found no GPU, by reason (the router's NoCapacityReason), for the report's notes.</summary>
    public IReadOnlyDictionary<string, int> NoCapacityReasons => _noCapacityReasons;

    /// <summary>The client location of operation <paramref name="i"/>; warm-ups number theirs below zero, so that their bookings are apart.</summary>
    public GeoPoint Client(long i) => _clients[(int)(((i % _clients.Length) + _clients.Length) % _clients.Length)];

    public static RoutingRequest Request(string bookingId, GeoPoint client, LatencyClass latencyClass = LatencyClass.Standard) =>
        new(bookingId, null, client, latencyClass, ModelBytes, null, false, false, [], Lease);

    /// <summary>One decision through the router grain; completes when the decision returns, and starts the release of its booking then.</summary>
    public Task Decide(IGrainFactory grains, IRouterGrain router, long i)
    {
        ArgumentNullException.ThrowIfNull(router);
        return Decide(grains, router.Route, i);
    }

    /// <summary>One decision through <paramref name="route"/> (the grain's call, or a silo's router service as grains call it).</summary>
    public async Task Decide(IGrainFactory grains, Func<RoutingRequest, Task<RoutingDecision>> route, long i)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(route);
        var bookingId = $"{_prefix}-{i}";
        var decision = await route(Request(bookingId, Client(i)));
        Interlocked.Increment(ref _decisions);
        Interlocked.Add(ref _considered, decision.CandidatesConsidered);
        if (decision is { Routed: true, Gpu: { } gpu })
        {
            Interlocked.Increment(ref _releasing);
            _ = Release(grains.GpuRow(gpu.GpuId), bookingId);
        }
        else
        {
            Interlocked.Increment(ref _unrouted);
            _noCapacityReasons.AddOrUpdate(decision.NoCapacityReason ?? "(none given)", 1, (_, n) => n + 1);
        }
    }

    /// <summary>Waits until every release started so far has answered (or the timeout passed).</summary>
    public async Task DrainReleasesAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Interlocked.Read(ref _releasing) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }

    private async Task Release(GpuRowRef gpu, string bookingId)
    {
        try
        {
            await gpu.Release(bookingId);
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _releaseErrors);
        }
        finally
        {
            Interlocked.Decrement(ref _releasing);
        }
    }
}
