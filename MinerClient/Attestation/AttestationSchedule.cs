namespace Aitbc.Orleans.Miner.Attestation;

/// <summary>
/// When one rig attests next, on the given clock: at once after a registration, at <see cref="RenewAt"/> of an accepted
/// attestation's lifetime (so it is renewed well before it lapses), and after a failure or a refusal with a backoff that
/// doubles from <see cref="FirstRetry"/> up to <see cref="MaxRetry"/>, never later than the current attestation's expiry.
/// </summary>
public sealed class AttestationSchedule(TimeProvider clock, double renewAt = 0.8, TimeSpan? firstRetry = null, TimeSpan? maxRetry = null)
{
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
            _due = now + TimeSpan.FromTicks((long)(Math.Max(0, (validUntil - now).Ticks) * RenewAt));
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

            var backoff = TimeSpan.FromTicks((long)Math.Min(FirstRetry.Ticks * Math.Pow(2, Math.Min(_failures, 30)), MaxRetry.Ticks));
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
}
