using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>
/// The sampler feeds what it measures to the admission ten times a second: a lag that lasts lowers the gateway's bound,
/// and the bound stays at its maximum while the process keeps up. (Its measurement of the real queue
/// is shown by the overload probes in docs/BENCHMARKS.md, session 26.)
/// </summary>
public sealed class SchedulingLagSamplerTests
{
    [Fact]
    public async Task A_lasting_lag_lowers_the_bound_and_a_process_that_keeps_up_leaves_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var lagMs = 1L;
        var admission = new SubmissionAdmission(Options.Create(new GatewayOptions { MaxSubmissionsInFlight = 64, MinSubmissionsInFlight = 4 }));
        using var sampler = new SchedulingLagSampler(admission, NullLogger<SchedulingLagSampler>.Instance, () => Task.FromResult(TimeSpan.FromMilliseconds(Interlocked.Read(ref lagMs))));
        await sampler.StartAsync(ct);
        try
        {
            // Keeping up: a second of samples moves nothing.
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            Assert.Equal(64, admission.Load.Limit);

            Interlocked.Exchange(ref lagMs, 400);
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (admission.Load.Limit == 64 && waited.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(20, ct);
            }

            Assert.True(admission.Load.Limit < 64, "a lasting lag did not lower the bound");
        }
        finally
        {
            await sampler.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_real_queue_measurement_reports_a_wait()
    {
        var wait = await SchedulingLagProbe.QueueDelay().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(wait >= TimeSpan.Zero && wait < TimeSpan.FromSeconds(30));
    }
}
