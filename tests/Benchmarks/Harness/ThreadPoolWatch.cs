using System.Diagnostics;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// The thread pool during a measured window, to tell a latency tail's causes apart: a queue of work items that grows
/// (too little CPU), threads injected mid-run (work items that block), or a watcher thread that itself wakes late
/// (the operating system did not schedule it: the machine's cores were all busy).
/// </summary>
public sealed class ThreadPoolWatch : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(20);
    private readonly long _completedBefore = ThreadPool.CompletedWorkItemCount;
    private readonly int _threadsBefore = ThreadPool.ThreadCount;
    private readonly Thread _poller;
    private volatile bool _running = true;
    private int _maxThreads;
    private long _maxQueue;
    private long _samples;
    private long _queuedOver100;
    private TimeSpan _longestLate;
    private long _lateOver20Ms;

    private ThreadPoolWatch()
    {
        _maxThreads = _threadsBefore;
        _poller = new Thread(Poll) { IsBackground = true, Name = "thread pool watch", Priority = ThreadPriority.AboveNormal };
        _poller.Start();
    }

    public static ThreadPoolWatch Start() => new();

    public string Stop()
    {
        _running = false;
        _poller.Join();
        return $"thread pool: threads {_threadsBefore} at the start, {_maxThreads} at most, {ThreadPool.ThreadCount} at the end; " +
            $"{ThreadPool.CompletedWorkItemCount - _completedBefore:N0} work items; queue at most {_maxQueue:N0}, over 100 in {_queuedOver100 / (double)Math.Max(1, _samples):P1} of samples; " +
            $"a {Period.TotalMilliseconds:0} ms watcher woke late by up to {_longestLate.TotalMilliseconds:0} ms ({_lateOver20Ms:N0} times by over 20 ms)";
    }

    public void Dispose()
    {
        if (_running)
        {
            Stop();
        }
    }

    private void Poll()
    {
        var last = Stopwatch.GetTimestamp();
        while (_running)
        {
            Thread.Sleep(Period);
            var now = Stopwatch.GetTimestamp();
            var late = Stopwatch.GetElapsedTime(last, now) - Period;
            last = now;
            if (late > _longestLate)
            {
                _longestLate = late;
            }

            if (late > TimeSpan.FromMilliseconds(20))
            {
                _lateOver20Ms++;
            }

            var queue = ThreadPool.PendingWorkItemCount;
            _maxQueue = Math.Max(_maxQueue, queue);
            _queuedOver100 += queue > 100 ? 1 : 0;
            _maxThreads = Math.Max(_maxThreads, ThreadPool.ThreadCount);
            _samples++;
        }
    }
}
