namespace Aitbc.Orleans.Hosting;

/// <summary>
/// The clock the domain reads (leases, quotes, heartbeats, QoS windows, time-of-day pricing). It wraps a
/// TimeProvider rather than replacing the container's TimeProvider, because Orleans itself reads that one for
/// membership and timeouts: tests fake domain time without faking the runtime's.
/// </summary>
public sealed class DomainTime(TimeProvider inner) : TimeProvider
{
    public static DomainTime Real { get; } = new(TimeProvider.System);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
