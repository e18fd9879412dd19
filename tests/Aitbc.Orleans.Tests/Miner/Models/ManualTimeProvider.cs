namespace Aitbc.Orleans.Tests.Miner.Models;

/// <summary>A clock the test moves by hand, so "least recently used" does not depend on real time.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
