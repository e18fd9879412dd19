using Aitbc.Orleans.Hosting.Memory;

namespace Aitbc.Orleans.Tests.Hosting;

public sealed class IdleMemoryTrimPolicyTests
{
    private const long MiB = 1024 * 1024;
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static IdleMemoryTrimPolicy Policy(bool enabled = true) => new(new IdleMemoryTrimOptions
    {
        Enabled = enabled,
        IdleFor = TimeSpan.FromSeconds(30),
        MinimumEmptyBytes = 64 * MiB,
        MinimumGap = TimeSpan.FromMinutes(10),
    });

    /// <summary>A registration burst's leftovers: 300 MiB committed around a 100 MiB heap.</summary>
    private static GcSample Bloated(int gen0) => new(gen0, 300 * MiB, 100 * MiB);

    /// <summary>Checks every 5 s from <paramref name="from"/> to <paramref name="to"/> seconds; the first check that trims, or null.</summary>
    private static int? FirstTrim(IdleMemoryTrimPolicy policy, Func<int, GcSample> sampleAt, int from, int to)
    {
        for (var s = from; s <= to; s += 5)
        {
            if (policy.ShouldTrim(sampleAt(s), T0.AddSeconds(s)))
            {
                return s;
            }
        }

        return null;
    }

    [Fact]
    public void A_silo_that_stopped_collecting_with_much_empty_memory_is_trimmed_once_it_has_been_idle_long_enough()
    {
        var policy = Policy();

        // The last collection is seen at 0 s; the silo counts as idle from then, and 30 s later it is trimmed.
        Assert.Equal(30, FirstTrim(policy, _ => Bloated(gen0: 40), 0, 120));
    }

    [Fact]
    public void A_silo_that_still_collects_now_and_then_is_left_to_the_gc()
    {
        var policy = Policy();

        // One collection every 25 s: never 30 s without one, so no pause lands among its requests.
        Assert.Null(FirstTrim(policy, s => Bloated(gen0: 40 + s / 25), 0, 600));
    }

    [Fact]
    public void Little_empty_memory_is_not_worth_a_blocking_collection()
    {
        var policy = Policy();

        Assert.Null(FirstTrim(policy, _ => new GcSample(7, 160 * MiB, 100 * MiB), 0, 120));
    }

    [Fact]
    public void After_a_trim_the_next_one_waits_for_the_gap_even_if_the_memory_comes_back()
    {
        var policy = Policy();
        Assert.Equal(30, FirstTrim(policy, _ => Bloated(gen0: 40), 0, 30));
        policy.Trimmed(new GcSample(41, 110 * MiB, 100 * MiB));

        // Another burst (collections until 60 s), then a quiet spell: idle again from 60 s, but the gap holds until 630 s.
        Assert.Null(FirstTrim(policy, s => Bloated(gen0: 41 + Math.Min(s, 60)), 35, 625));
        Assert.Equal(630, FirstTrim(policy, _ => Bloated(gen0: 101), 630, 700));
    }

    [Fact]
    public void The_trims_own_collection_does_not_count_as_activity()
    {
        var policy = Policy();
        Assert.Equal(30, FirstTrim(policy, _ => Bloated(gen0: 40), 0, 30));
        policy.Trimmed(Bloated(gen0: 41));

        // Still idle after the gap: the count the trim itself moved is the one compared against.
        Assert.Equal(630, FirstTrim(policy, _ => Bloated(gen0: 41), 630, 700));
    }

    [Fact]
    public void A_disabled_trim_never_runs()
    {
        Assert.Null(FirstTrim(Policy(enabled: false), _ => Bloated(gen0: 40), 0, 120));
    }
}
