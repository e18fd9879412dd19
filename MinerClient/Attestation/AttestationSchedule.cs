namespace Aitbc.Orleans.Miner.Attestation;

/// <summary>
/// When one rig attests next, on the given clock: at once after a registration, at <see cref="RenewAt"/> of an accepted
/// attestation's lifetime (so it is renewed well before it lapses), and after a failure or a refusal with a backoff that
/// doubles from <see cref="FirstRetry"/> up to <see cref="MaxRetry"/>, never later than the current attestation's expiry.
/// With a <paramref name="jitter"/> source each wait (renewal or retry) is spread by up to <see cref="JitterShare"/> either
/// way: the rigs of a fleet that registered together (a silo restart, a simulated fleet) would otherwise attest in
/// waves of thousands at the same moments (and, unlisted, be refused in waves at 1, 2, 4, ... minutes), each wave a
/// burst of signature checks on the silos that lands in the jobs' tail.
/// </summary>
public sealed class AttestationSchedule(
    TimeProvider clock, double renewAt = 0.8, TimeSpan? firstRetry = null, TimeSpan? maxRetry = null, Random? jitter = null)
{
    /// <summary>How far a wait may move either way with jitter on, as a share of the wait.</summary>
    public const double JitterShare = 0.2;

    private readonly object _lock = new();
    private DateTimeOffset _due = clock.GetUtcNow();
    private DateTimeOffset? _validUntil;
    private int _failures;

    public double RenewAt { get; } = renewAt is > 0 and < 1 ? renewAt : throw new ArgumentOutOfRangeException(nameof(renewAt), "must be between 0 and 1");

    public TimeSpan FirstRetry { get; } = firstRetry ?? TimeSpan.FromMinutes(1);

    public TimeSpan MaxRetry { get; } = maxRetry ?? TimeSpan.FromMinutes(30);

    /// <summary>When the next attestation is due.</summary>
    public DateTimeOffset Due
    {
        get
        {
            lock (_lock)
            {
                return _due;
            }
        }
    }

    public bool IsDue => clock.GetUtcNow() >= Due;

    /// <summary>The rig (re)registered, perhaps with new GPUs: attest now so they are covered.</summary>
    public void Registered()
    {
        lock (_lock)
        {
            _due = clock.GetUtcNow();
            _failures = 0;
        }
    }

    /// <summary>Accepted until <paramref name="validUntil"/>: renew at <see cref="RenewAt"/> of the time left.</summary>
    public DateTimeOffset Accepted(DateTimeOffset validUntil)
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            _validUntil = validUntil;
            _failures = 0;
            // Jitter moves the renewal either way, but never past the expiry.
            var renewal = Spread(TimeSpan.FromTicks((long)(Math.Max(0, (validUntil - now).Ticks) * RenewAt)));
            _due = now + renewal > validUntil ? validUntil : now + renewal;
            return _due;
        }
    }

    /// <summary>
    /// The attempt failed (the cluster was unreachable: the attestation held so far still stands) or was
    /// <paramref name="refused"/> (the cluster withdrew it): try again after the backoff; returns the wait.
    /// </summary>
    public TimeSpan Failed(bool refused)
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (refused)
            {
                _validUntil = null;
            }

            var backoff = Spread(TimeSpan.FromTicks((long)Math.Min(FirstRetry.Ticks * Math.Pow(2, Math.Min(_failures, 30)), MaxRetry.Ticks)));
            _failures++;
            var due = now + backoff;
            // A retry must not wait past the current attestation's end (while one is still valid).
            if (_validUntil is { } until && until > now && due > until)
            {
                due = until;
            }

            _due = due;
            return due - now;
        }
    }

    /// <summary>The wait, moved by up to <see cref="JitterShare"/> of it either way when jitter is on (called under the lock).</summary>
    private TimeSpan Spread(TimeSpan wait) =>
        jitter is null ? wait : TimeSpan.FromTicks((long)(wait.Ticks * (1 + JitterShare * (2 * jitter.NextDouble() - 1))));
}
