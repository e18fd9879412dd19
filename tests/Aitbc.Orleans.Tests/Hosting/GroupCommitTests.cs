using Aitbc.Orleans.Hosting;

namespace Aitbc.Orleans.Tests.Hosting;

/// <summary>
/// The shared write of a reentrant grain: a reader waits for the writes of changes made before it, and once a write has
/// failed nothing more is written or shown by that activation (its memory is ahead of storage until it reloads).
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task A_reader_waits_for_the_write_in_flight_and_a_failed_write_fails_every_later_commit_and_read()
    {
        var writes = 0;
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var commits = new GroupCommit(
            async () =>
            {
                writes++;
                await gate.Task;
            },
            ex => Assert.True(failed.TrySetResult(ex), "the failure is reported once"));

        Assert.True(commits.Durable().IsCompleted, "nothing changed, nothing to wait for");
        var first = commits.Commit();
        var read = commits.Durable();
        Assert.False(read.IsCompleted, "a reader waits for the change's write");

        gate.SetException(new InvalidOperationException("database down"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => read);
        Assert.IsType<InvalidOperationException>(await failed.Task);

        // The dying activation neither stores nor shows what its callers were told failed.
        await Assert.ThrowsAsync<InvalidOperationException>(() => commits.Durable());
        await Assert.ThrowsAsync<InvalidOperationException>(() => commits.Commit());
        Assert.Equal(1, writes);
    }

    [Fact]
    public async Task Changes_made_while_a_write_runs_share_the_next_write()
    {
        var writes = 0;
        var gates = new System.Collections.Concurrent.ConcurrentQueue<TaskCompletionSource>();
        var commits = new GroupCommit(
            () =>
            {
                Interlocked.Increment(ref writes);
                var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                gates.Enqueue(gate);
                return gate.Task;
            },
            _ => Assert.Fail("no write fails here"));

        var first = commits.Commit();
        var second = commits.Commit();
        var third = commits.Commit();
        Assert.Equal(1, writes);
        Assert.True(gates.TryDequeue(out var running));
        running.SetResult();
        await first;
        Assert.False(second.IsCompleted, "a change made during a write waits for the next one");
        await TestWaitForWrites(() => !gates.IsEmpty);
        Assert.True(gates.TryDequeue(out var next));
        next.SetResult();
        await Task.WhenAll(second, third);
        Assert.Equal(2, writes);
        Assert.True(commits.Durable().IsCompleted);
    }

    private static async Task TestWaitForWrites(Func<bool> started)
    {
        for (var i = 0; i < 200 && !started(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(started(), "the next write never started");
    }
}
