using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Jobs;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>
/// The gateway's adaptive bound on submissions in flight: a sustained scheduling lag lowers it to its floor, one late
/// sample does not, and it grows back while the process keeps up: quickly while submissions are being refused, slowly
/// while nobody is.
/// </summary>
public sealed class SubmissionLimitTests
{
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Behind = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan KeepingUp = TimeSpan.FromMilliseconds(2);

    [Fact]
    public void A_sustained_lag_lowers_the_bound_to_its_floor_and_a_single_late_sample_moves_nothing()
    {
        var limit = new SubmissionLimit(512, 16, Target);

        // Collection pauses and bursts: runs of late samples shorter than a sustained lag, between timely ones.
        for (var burst = 0; burst < 3; burst++)
        {
            for (var i = 0; i < SubmissionLimit.LateSamplesToLower - 1; i++)
            {
                limit.Observe(Behind, refusedSinceLast: true);
            }

            limit.Observe(KeepingUp, refusedSinceLast: false);
        }

        Assert.Equal(512, limit.Current);

        // A sustained lag takes a quarter off; one that lasts walks it down to the floor and no further.
        for (var i = 0; i < SubmissionLimit.LateSamplesToLower - 1; i++)
        {
            limit.Observe(Behind, refusedSinceLast: true);
        }

        Assert.Equal(384, limit.Observe(Behind, refusedSinceLast: true));
        for (var i = 0; i < 30 * SubmissionLimit.LateSamplesToLower; i++)
        {
            limit.Observe(Behind, refusedSinceLast: true);
        }

        Assert.Equal(16, limit.Current);
    }

    [Fact]
    public void The_bound_grows_back_while_the_lag_is_low_faster_under_refusals_and_never_past_its_maximum()
    {
        var limit = new SubmissionLimit(512, 16, Target);
        for (var i = 0; i < 30 * SubmissionLimit.LateSamplesToLower; i++)
        {
            limit.Observe(Behind, refusedSinceLast: true);
        }

        Assert.Equal(16, limit.Current);

        // A lag between half the target and the target holds it, refusals or not.
        Assert.Equal(16, limit.Observe(TimeSpan.FromMilliseconds(40), refusedSinceLast: true));

        // Keeping up: it grows, by at least one, a sixteenth at a time while submissions are refused and a sixty-fourth
        // while nobody is (an overload that ended is forgotten within seconds, not kept until the next burst is refused).
        Assert.Equal(17, limit.Observe(KeepingUp, refusedSinceLast: false));
        Assert.Equal(18, limit.Observe(KeepingUp, refusedSinceLast: true));
        var quiet = new SubmissionLimit(512, 16, Target);
        var busy = new SubmissionLimit(512, 16, Target);
        for (var i = 0; i < 30 * SubmissionLimit.LateSamplesToLower; i++)
        {
            quiet.Observe(Behind, refusedSinceLast: true);
            busy.Observe(Behind, refusedSinceLast: true);
        }

        for (var i = 0; i < 100; i++)
        {
            quiet.Observe(KeepingUp, refusedSinceLast: false);
            busy.Observe(KeepingUp, refusedSinceLast: true);
        }

        Assert.InRange(quiet.Current, 17, 200);
        Assert.Equal(512, busy.Current);
        for (var i = 0; i < 300; i++)
        {
            quiet.Observe(KeepingUp, refusedSinceLast: false);
        }

        Assert.Equal(512, quiet.Current);
    }

    [Fact]
    public void A_zero_target_keeps_the_configured_bound_however_late_the_process_runs()
    {
        var limit = new SubmissionLimit(512, 16, TimeSpan.Zero);
        for (var i = 0; i < 10; i++)
        {
            limit.Observe(Behind, refusedSinceLast: true);
        }

        Assert.False(limit.Adapts);
        Assert.Equal(512, limit.Current);
    }

    [Fact]
    public void Admission_refuses_beyond_the_lowered_bound_and_takes_more_again_once_it_has_grown_back()
    {
        var admission = new SubmissionAdmission(Options.Create(new GatewayOptions { MaxSubmissionsInFlight = 8, MinSubmissionsInFlight = 2 }));
        for (var i = 0; i < 10 * SubmissionLimit.LateSamplesToLower; i++)
        {
            admission.Observe(Behind);
        }

        Assert.Equal((0, 2), admission.Load);
        Assert.True(admission.TryEnter());
        Assert.True(admission.TryEnter());
        Assert.False(admission.TryEnter());
        Assert.Equal((2, 2), admission.Load);

        // Once the process keeps up the bound grows back (by one at a time at this size) and admits more.
        Assert.Equal(3, admission.Observe(KeepingUp));
        Assert.True(admission.TryEnter());
        Assert.False(admission.TryEnter());
        admission.Leave();
        admission.Leave();
        admission.Leave();
        Assert.Equal((0, 4), (admission.Load.InFlight, admission.Observe(KeepingUp)));
    }

    [Fact]
    public void A_refusal_at_the_admission_is_the_demand_that_makes_the_bound_grow_faster()
    {
        var options = Options.Create(new GatewayOptions { MaxSubmissionsInFlight = 4096, MinSubmissionsInFlight = 1024 });
        var refusing = new SubmissionAdmission(options);
        var idle = new SubmissionAdmission(options);
        for (var i = 0; i < 10 * SubmissionLimit.LateSamplesToLower; i++)
        {
            refusing.Observe(Behind);
            idle.Observe(Behind);
        }

        Assert.Equal(1024, refusing.Load.Limit);
        for (var i = 0; i < 1024; i++)
        {
            Assert.True(refusing.TryEnter());
        }

        Assert.False(refusing.TryEnter());
        Assert.Equal(1024 + (1024 / 16), refusing.Observe(KeepingUp));
        Assert.Equal(1024 + (1024 / 64), idle.Observe(KeepingUp));

        // The refusal counts once: the next sample without one grows the slow way.
        Assert.Equal(1088 + (1088 / 64), refusing.Observe(KeepingUp));
    }
}
