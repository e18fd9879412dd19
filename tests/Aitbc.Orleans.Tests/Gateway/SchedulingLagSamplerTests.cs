using System.Diagnostics;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>
/// The sampler measures the real thread-pool queue: work that piles up in the queue (as grain turns do in an
/// overloaded silo) lowers the gateway's bound.
/// </summary>
public sealed class SchedulingLagSamplerTests
{
    [Fact]
    public async Task Work_piled_up_in_the_thread_pool_queue_lowers_the_bound_on_submissions()
    {
        // A low target, so that the test does not depend on how many threads the rest of the suite has left the pool
        // with (many threads drain a pile faster): any pile it can keep up lowers the bound.
        var admission = new SubmissionAdmission(Options.Create(new GatewayOptions
        {
            MaxSubmissionsInFlight = 64, MinSubmissionsInFlight = 4, SubmissionLagTargetMs = 5,
        }));
        using var sampler = new SchedulingLagSampler(admission, NullLogger<SchedulingLagSampler>.Instance);
        await sampler.StartAsync(CancellationToken.None);
        try
        {
            // Keeps at least a thousand CPU-bound items waiting in the global queue until the bound moves (30 s at most).
            var deadline = Stopwatch.StartNew();
            while (admission.Load.Limit == 64 && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                while (ThreadPool.PendingWorkItemCount < 1_000)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(static _ => Spin(TimeSpan.FromMilliseconds(1)), 0, preferLocal: false);
                }

                Thread.Sleep(5);
            }

            Assert.True(admission.Load.Limit < 64, "a pile of work in the thread-pool queue did not lower the bound");
        }
        finally
        {
            await sampler.StopAsync(CancellationToken.None);
        }
    }

    private static void Spin(TimeSpan time)
    {
        var spin = Stopwatch.StartNew();
        while (spin.Elapsed < time)
        {
        }
    }
}
