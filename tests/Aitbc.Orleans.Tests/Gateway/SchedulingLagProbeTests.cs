using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Jobs;
using Aitbc.Orleans.Tests.Fixtures;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>
/// What a lag sample is: a gateway in its own process takes the silos' answers to its pings when they are later than
/// its own queue; silos that stop answering show in every sample, up to the cap, without holding a sample up; a
/// gateway hosted in a silo measures its own queue alone. Against the real cluster the pings answer.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SchedulingLagProbeTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Ample = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The test process's own queue, fixed at nothing: these tests are about the pings, and in a loaded test run the
    /// real queue delay can exceed any cap they assert (CI once measured 1.2 s).
    /// </summary>
    private static readonly Func<Task<TimeSpan>> KeepsUp = () => Task.FromResult(TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Silos_that_answer_late_make_the_next_sample_late_though_the_gateway_keeps_up()
    {
        var probe = new SchedulingLagProbe(_ => Task.Delay(300, Ct), Ample, KeepsUp);

        await probe.Measure().WaitAsync(Ample, Ct);
        await Task.Delay(400, Ct);
        var lag = await probe.Measure().WaitAsync(Ample, Ct);

        Assert.True(lag >= TimeSpan.FromMilliseconds(290) && lag < Ample, $"sampled {lag.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Silos_that_stop_answering_show_in_every_sample_up_to_the_cap_and_no_sample_waits_for_them()
    {
        var never = new TaskCompletionSource();
        var cap = TimeSpan.FromMilliseconds(200);
        var probe = new SchedulingLagProbe(_ => never.Task, cap, KeepsUp);

        var samples = new List<TimeSpan>();
        var sampling = System.Diagnostics.Stopwatch.StartNew();
        while (sampling.Elapsed < TimeSpan.FromSeconds(1))
        {
            samples.Add(await probe.Measure().WaitAsync(TimeSpan.FromSeconds(5), Ct));
            await Task.Delay(20, Ct);
        }

        // Three more once the second is over, each a second after the first ping at the least, so each is at the cap: a
        // loaded machine can stall the loop past its end before the first ping is as old as the cap (CI once saw the
        // loop take four samples, the last at 99 ms, and then stall for 900 ms).
        for (var i = 0; i < 3; i++)
        {
            samples.Add(await probe.Measure().WaitAsync(TimeSpan.FromSeconds(5), Ct));
            await Task.Delay(20, Ct);
        }

        // Once the first ping is 100 ms old, every sample shows the oldest unanswered one; none counts more than the cap.
        var late = samples.SkipWhile(s => s < TimeSpan.FromMilliseconds(100)).ToList();
        Assert.True(late.Count >= 3, $"samples: {string.Join(", ", samples.Select(s => s.TotalMilliseconds))}");
        Assert.All(late, s => Assert.InRange(s, TimeSpan.FromMilliseconds(80), cap));
        Assert.All(samples.TakeLast(3), s => Assert.Equal(cap, s));

        // A pause of the gateway's own (a collection, say) does not make a silent silo look answered: the samples right
        // after it still count the unanswered pings at the cap.
        await Task.Delay(500, Ct);
        Assert.Equal(cap, await probe.Measure().WaitAsync(TimeSpan.FromSeconds(5), Ct));
        Assert.Equal(cap, await probe.Measure().WaitAsync(TimeSpan.FromSeconds(5), Ct));
    }

    [Fact]
    public async Task A_gateway_whose_own_queue_is_later_than_the_silos_reports_its_own_lag()
    {
        var probe = new SchedulingLagProbe(_ => Task.CompletedTask, Ample, () => Task.FromResult(TimeSpan.FromMilliseconds(900)));

        Assert.Equal(TimeSpan.FromMilliseconds(900), await probe.Measure().WaitAsync(Ample, Ct));
    }

    [Fact]
    public async Task A_ping_that_fails_counts_as_the_cap()
    {
        var probe = new SchedulingLagProbe(_ => Task.FromException(new TimeoutException("no gateway silo")), TimeSpan.FromMilliseconds(700), KeepsUp);

        Assert.Equal(TimeSpan.FromMilliseconds(700), await probe.Measure().WaitAsync(Ample, Ct));
        Assert.Equal(1, probe.Failed);
        Assert.Equal(0, probe.Unanswered);
    }

    [Fact]
    public async Task Pings_rotate_over_keys_so_that_several_silos_are_sampled()
    {
        var keys = new HashSet<int>();
        var probe = new SchedulingLagProbe(key => { lock (keys) { keys.Add(key); } return Task.CompletedTask; }, Ample, KeepsUp);

        for (var i = 0; i < 16; i++)
        {
            await probe.Measure().WaitAsync(Ample, Ct);
        }

        Assert.True(keys.Count > 1, $"every ping used key {string.Join(",", keys)}");
    }

    [Fact]
    public async Task A_gateway_hosted_in_a_silo_measures_its_own_queue_alone_and_a_separate_one_pings_the_real_cluster()
    {
        var hosted = new SchedulingLagProbe(Options.Create(new GatewayOptions()), fixture.Client);
        Assert.False(hosted.MeasuresSilos);
        Assert.True(await hosted.Measure().WaitAsync(Ample, Ct) < Ample);

        var separate = new SchedulingLagProbe(Options.Create(new GatewayOptions { MeasureSiloLag = true }), fixture.Client);
        Assert.True(separate.MeasuresSilos);
        for (var i = 0; i < 8; i++)
        {
            await separate.Measure().WaitAsync(Ample, Ct);
            await Task.Delay(100, Ct);
        }

        // Answered, not failed: the pings reach the silo and come back. Not how fast: a loaded test run may be slow.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (separate.Unanswered > 0 && waited.Elapsed < Ample)
        {
            await Task.Delay(20, Ct);
        }

        Assert.Equal(0, separate.Unanswered);
        Assert.Equal(0, separate.Failed);
    }
}
