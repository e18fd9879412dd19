using System.Collections.Concurrent;
using Aitbc.Orleans.Miner.Daemon;
using Microsoft.Extensions.Time.Testing;

namespace Aitbc.Orleans.Tests.Miner.Daemon;

/// <summary>
/// A daemon's heartbeat rounds go out on schedule however slowly the cluster answers: before, each tick waited for the
/// previous tick's answers, so a loaded cluster pushed every later rig's heartbeat back, and a 22k-rig fleet went
/// offline at once (session 25's `jobs-fleet` run: 21,731 sessions lost after 75 s of overload).
/// </summary>
public sealed class HeartbeatRoundTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task An_unanswered_heartbeat_holds_back_no_other_rig_and_only_its_own_rig_skips_the_next_round()
    {
        var time = new FakeTimeProvider();
        var round = new HeartbeatRound<string>(time);
        var rigs = Enumerable.Range(0, 200).Select(i => $"rig-{i}").ToArray();
        var stuck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var beats = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        ValueTask Beat(string rig, CancellationToken _)
        {
            beats.AddOrUpdate(rig, 1, (_, n) => n + 1);

            // The first rig's first answer never comes until released; every other answer is at once.
            return rig == rigs[0] && beats[rig] == 1 ? new ValueTask(stuck.Task) : ValueTask.CompletedTask;
        }

        Assert.Equal(0, await Run(round, time, rigs, Beat));
        Assert.Equal(rigs.Length, beats.Count);
        Assert.All(beats.Values, n => Assert.Equal(1, n));
        Assert.Equal(1, round.Unanswered);

        Assert.Equal(1, await Run(round, time, rigs, Beat));
        Assert.Equal(1, beats[rigs[0]]);
        Assert.All(rigs.Skip(1), rig => Assert.Equal(2, beats[rig]));

        stuck.SetResult();
        await WaitFor(() => round.Unanswered == 0);
        Assert.Equal(0, await Run(round, time, rigs, Beat));
        Assert.Equal(2, beats[rigs[0]]);
        Assert.All(rigs.Skip(1), rig => Assert.Equal(3, beats[rig]));
    }

    [Fact]
    public async Task A_round_spreads_its_rigs_over_the_interval_and_returns_once_the_last_tick_has_gone_out()
    {
        var time = new FakeTimeProvider();
        var round = new HeartbeatRound<string>(time);
        var rigs = Enumerable.Range(0, 1_000).Select(i => $"rig-{i}").ToArray();
        var sentAt = new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal);
        var start = time.GetTimestamp();

        await Run(round, time, rigs, (rig, _) =>
        {
            sentAt[rig] = time.GetElapsedTime(start);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(rigs.Length, sentAt.Count);
        for (var i = 0; i < rigs.Length; i += 97)
        {
            // Never more than a tick early. How late depends on how soon this test's thread moves the fake clock again
            // after the round has waited, so only the round as a whole is bounded below.
            Assert.True(sentAt[rigs[i]] >= HeartbeatPacing.Offset(i, rigs.Length, Interval, batch: 32) - HeartbeatPacing.Tick);
        }

        Assert.True(sentAt[rigs[0]] < HeartbeatPacing.Tick);
        Assert.InRange(sentAt.Values.Max(), Interval * 0.75, Interval);
    }

    /// <summary>Runs one round, moving the fake clock a tick at a time until it has sent everything.</summary>
    private static async Task<int> Run(HeartbeatRound<string> round, FakeTimeProvider time, string[] rigs, Func<string, CancellationToken, ValueTask> beat)
    {
        var running = round.RunAsync(rigs, Interval, batch: 32, beat, TestContext.Current.CancellationToken);
        for (var step = 0; !running.IsCompleted && step < 10_000; step++)
        {
            await Task.Yield();
            time.Advance(HeartbeatPacing.Tick);
        }

        return await running.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition());
    }
}
