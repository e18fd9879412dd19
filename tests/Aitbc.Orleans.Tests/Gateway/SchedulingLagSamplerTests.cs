using System.Diagnostics;
using System.Runtime.CompilerServices;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>
/// The sampler measures the real thread-pool queue: work that piles up in the queue (as grain turns do in an
/// overloaded silo) lowers the gateway's bound, although the runtime's timers keep firing on time.
/// </summary>
public sealed class SchedulingLagSamplerTests
{
    [Fact]
    public async Task Work_piled_up_in_the_thread_pool_queue_lowers_the_bound_on_submissions()
    {
        var admission = new SubmissionAdmission(Options.Create(new GatewayOptions { MaxSubmissionsInFlight = 64, MinSubmissionsInFlight = 4 }));
        using var sampler = new SchedulingLagSampler(admission, NullLogger<SchedulingLagSampler>.Instance);
        await sampler.StartAsync(CancellationToken.None);
        try
        {
            // Keeps a few hundred milliseconds of CPU-bound items in the global queue until the bound moves (10 s at most).
            var pending = new StrongBox<int>();
            var deadline = Stopwatch.StartNew();
            while (admission.Load.Limit == 64 && deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                while (Volatile.Read(ref pending.Value) < 200)
                {
                    Interlocked.Increment(ref pending.Value);
                    ThreadPool.UnsafeQueueUserWorkItem(
                        static p =>
                        {
                            var spin = Stopwatch.StartNew();
                            while (spin.Elapsed < TimeSpan.FromMilliseconds(2))
                            {
                            }

                            Interlocked.Decrement(ref p.Value);
                        },
                        pending,
                        preferLocal: false);
                }

                Thread.Sleep(10);
            }

            Assert.True(admission.Load.Limit < 64, "a queue hundreds of milliseconds deep did not lower the bound");
        }
        finally
        {
            await sampler.StopAsync(CancellationToken.None);
        }
    }
}
