using Aitbc.Orleans.Miner.Attestation;
using Microsoft.Extensions.Time.Testing;

namespace Aitbc.Orleans.Tests.Miner.Attestation;

/// <summary>When the daemon attests: at once after registering, at 80 % of an attestation's life, with a doubling backoff after failures.</summary>
public sealed class AttestationScheduleTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void An_accepted_attestation_is_renewed_at_80_percent_of_its_lifetime()
    {
        var schedule = new AttestationSchedule(_clock);
        Assert.True(schedule.IsDue);

        schedule.Accepted(_clock.GetUtcNow().AddHours(24));
        Assert.False(schedule.IsDue);
        _clock.Advance(TimeSpan.FromHours(19.2) - TimeSpan.FromSeconds(1));
        Assert.False(schedule.IsDue);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(schedule.IsDue);

        // Registering again (new GPUs) makes it due at once, whatever the renewal time.
        schedule.Accepted(_clock.GetUtcNow().AddHours(24));
        schedule.Registered();
        Assert.True(schedule.IsDue);
    }

    [Fact]
    public void Failures_back_off_doubling_to_the_cap_and_success_resets_the_backoff()
    {
        var schedule = new AttestationSchedule(_clock, firstRetry: TimeSpan.FromMinutes(1), maxRetry: TimeSpan.FromMinutes(30));

        var waits = Enumerable.Range(0, 7).Select(_ => schedule.Failed(refused: true).TotalMinutes).ToArray();

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], waits);
        Assert.False(schedule.IsDue);
        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.True(schedule.IsDue);
        schedule.Accepted(_clock.GetUtcNow().AddHours(24));
        Assert.Equal(1, schedule.Failed(refused: true).TotalMinutes);
    }

    [Fact]
    public void A_retry_while_still_attested_never_waits_past_the_expiry()
    {
        var schedule = new AttestationSchedule(_clock, firstRetry: TimeSpan.FromMinutes(10), maxRetry: TimeSpan.FromHours(2));
        var until = _clock.GetUtcNow().AddHours(24);
        schedule.Accepted(until);
        _clock.Advance(TimeSpan.FromHours(23.9));

        // The cluster was unreachable: the attestation still stands and the retry comes before it runs out.
        Assert.Equal(TimeSpan.FromMinutes(6), schedule.Failed(refused: false));
        Assert.Equal(until, schedule.Due);

        // A refusal withdrew it: nothing to keep, the backoff alone decides.
        Assert.Equal(TimeSpan.FromMinutes(20), schedule.Failed(refused: true));
    }

    [Fact]
    public void With_jitter_rigs_that_registered_together_spread_their_retries_and_renewals_but_never_renew_past_the_expiry()
    {
        var jitter = new Random(7);
        var schedules = Enumerable.Range(0, 200)
            .Select(_ => new AttestationSchedule(_clock, firstRetry: TimeSpan.FromMinutes(1), maxRetry: TimeSpan.FromMinutes(30), jitter: jitter))
            .ToArray();

        // Refused together (an unlisted binary): the first retries spread over 48 s to 72 s instead of all at 60 s.
        var retries = schedules.Select(s => s.Failed(refused: true).TotalSeconds).ToArray();
        Assert.All(retries, r => Assert.InRange(r, 48, 72));
        Assert.True(retries.Max() - retries.Min() > 18, $"retries span only {retries.Min():0.0}-{retries.Max():0.0} s");
        Assert.True(retries.Distinct().Count() > 150);

        // The doubling goes on under the spread: the second retry is about 2 minutes.
        Assert.All(schedules.Select(s => s.Failed(refused: true).TotalSeconds), r => Assert.InRange(r, 96, 144));

        // Accepted together: renewals spread around 80 % of the day (15.36 h to 23.04 h), never past its end.
        var until = _clock.GetUtcNow().AddHours(24);
        var renewals = schedules.Select(s => (s.Accepted(until) - _clock.GetUtcNow()).TotalHours).ToArray();
        Assert.All(renewals, h => Assert.InRange(h, 15.36, 23.04));
        Assert.True(renewals.Max() - renewals.Min() > 4, $"renewals span only {renewals.Min():0.00}-{renewals.Max():0.00} h");
        var lastMinute = new AttestationSchedule(_clock, renewAt: 0.99, jitter: new Random(1));
        Assert.All(Enumerable.Range(0, 50), _ => Assert.True(lastMinute.Accepted(until) <= until));
    }

    [Fact]
    public void The_renewal_share_must_lie_strictly_between_zero_and_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AttestationSchedule(_clock, renewAt: 1));
}
