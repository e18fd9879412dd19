using Aitbc.Orleans.Trust;
using Microsoft.Extensions.DependencyInjection;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// Runs in-silo load with the request context a job grain's turn has: the cluster's internal marker, which the
/// authorization filter puts on the flow of every call it admits. Without it, the silo's outgoing filter sets the marker
/// on each call the load makes (a new request context, execution context and async state per call), a cost the job grain
/// does not pay. The change is made in an async method of its own, so it ends with the measurement: calls the benchmark
/// makes afterwards as a client carry no marker.
/// </summary>
public static class GrainTurnContext
{
    public static async Task<T> RunAsync<T>(IServiceProvider siloServices, Func<Task<T>> measure)
    {
        ArgumentNullException.ThrowIfNull(siloServices);
        ArgumentNullException.ThrowIfNull(measure);
        RequestContext.Set(TrustRequestContext.InternalKey, siloServices.GetRequiredService<ClusterTokens>().InternalMarker);
        return await measure();
    }
}
