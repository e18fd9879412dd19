using Aitbc.Orleans.Hosting.Memory;

namespace Aitbc.Orleans.Tests.Hosting;

public sealed class IdleMemoryTrimPolicyTests
{
    private const long MiB = 1024 * 1024;
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static IdleMemoryTrimPolicy Policy(bool enabled = true) => new(new IdleMemoryTrimOptions
    {
        Enabled = enabled,
        MinimumEmptyBytes = 64 * MiB,
        MinimumGap = TimeSpan.FromMinutes(2),
    });

    /// <summary>A registration burst's leftovers: 300 MiB committed around a 100 MiB heap.</summary>
    private static GcSample Bloated(int gen0) => new(gen0, 300 * MiB, 100 * MiB);

    [Fact]
    public void A_silo_that_stopped_collecting_with_much_empty_memory_is_trimmed_once_it_is_seen_idle()
    {
        var policy = Policy();

        Assert.False(policy.ShouldTrim(Bloated(gen0: 40), T0)); // the first check has nothing to compare with
        Assert.True(policy.ShouldTrim(Bloated(gen0: 40), T0.AddSeconds(5)));
    }

    [Fact]
    public void A_silo_that_keeps_collecting_is_left_to_the_gc()
    {
        var policy = Policy();

        for (var i = 0; i < 10; i++)
        {
            Assert.False(policy.ShouldTrim(Bloated(gen0: 40 + i), T0.AddSeconds(5 * i)));
        }
    }

    [Fact]
    public void Little_empty_memory_is_not_worth_a_blocking_collection()
    {
        var policy = Policy();

        Assert.False(policy.ShouldTrim(new GcSample(7, 160 * MiB, 100 * MiB), T0));
        Assert.False(policy.ShouldTrim(new GcSample(7, 160 * MiB, 100 * MiB), T0.AddSeconds(5)));
    }

    [Fact]
    public void After_a_trim_the_next_one_waits_for_the_gap_even_if_the_memory_comes_back()
    {
        var policy = Policy();
        policy.ShouldTrim(Bloated(gen0: 40), T0);
        Assert.True(policy.ShouldTrim(Bloated(gen0: 40), T0.AddSeconds(5)));
        policy.Trimmed(new GcSample(41, 110 * MiB, 100 * MiB));

        // Another burst and another quiet spell inside the gap: no second pause yet.
        Assert.False(policy.ShouldTrim(Bloated(gen0: 60), T0.AddSeconds(10)));
        Assert.False(policy.ShouldTrim(Bloated(gen0: 60), T0.AddSeconds(15)));
        Assert.True(policy.ShouldTrim(Bloated(gen0: 60), T0.AddSeconds(5).AddMinutes(2)));
    }

    [Fact]
    public void The_trims_own_collection_does_not_count_as_activity()
    {
        var policy = Policy();
        policy.ShouldTrim(Bloated(gen0: 40), T0);
        Assert.True(policy.ShouldTrim(Bloated(gen0: 40), T0.AddSeconds(5)));
        policy.Trimmed(Bloated(gen0: 41));

        // Still idle after the gap: the count the trim itself moved is the one compared against.
        Assert.True(policy.ShouldTrim(Bloated(gen0: 41), T0.AddMinutes(3)));
    }

    [Fact]
    public void A_disabled_trim_never_runs()
    {
        var policy = Policy(enabled: false);

        Assert.False(policy.ShouldTrim(Bloated(gen0: 40), T0));
        Assert.False(policy.ShouldTrim(Bloated(gen0: 40), T0.AddSeconds(5)));
    }
}
