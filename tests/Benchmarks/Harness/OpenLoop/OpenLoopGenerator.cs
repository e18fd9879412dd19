using System.Diagnostics;
using System.Runtime.InteropServices;
using HdrHistogram;

namespace Aitbc.Orleans.Benchmarks.Harness.OpenLoop;

/// <summary>
/// Open-loop load at a fixed arrival rate. A dedicated thread issues operation i at start + i/rate (or at Poisson
/// arrival times) without waiting for earlier ones; each latency runs from that intended start to completion, so a
/// stall of the system under test is charged to every operation it delayed, the way a real client population would feel
/// it. The issuer sleeps with microsecond timers between arrivals rather than spinning, so it takes little of a
/// two-core machine from the system it measures; the 'generator' scenario reports its own floor (a no-op operation).
/// </summary>
public static class OpenLoopGenerator
{
    /// <summary>An hour in microseconds: the largest latency the histogram tracks.</summary>
    private const long HighestMicros = 3_600_000_000;

    public static async Task<OpenLoopResult> RunAsync(OpenLoopOptions options, Func<long, Task> operation)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(operation);
        if (options.Rate <= 0 || options.Duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "an open-loop run needs a positive rate and duration");
        }

        long firstIndex = 0;
        if (options.Warmup > TimeSpan.Zero)
        {
            var warm = await RunPhaseAsync(options with { Duration = options.Warmup }, operation, 0);
            firstIndex = warm.Issued;
        }

        return await RunPhaseAsync(options, operation, firstIndex);
    }

    private static async Task<OpenLoopResult> RunPhaseAsync(OpenLoopOptions options, Func<long, Task> operation, long firstIndex)
    {
        var phase = new Phase(options, operation, firstIndex);
        var cpuBefore = LoadGenerator.ProcessCpu();
        using var gc = GcWatch.Start();
        var issuer = new Thread(phase.Issue) { IsBackground = true, Name = "open-loop issuer" };
        issuer.Start();
        await phase.IssuedAll.Task;
        await Task.WhenAny(phase.Drained.Task, Task.Delay(options.DrainTimeout));
        var cpu = LoadGenerator.ProcessCpu() - cpuBefore;
        return phase.Result(cpu, gc.Stop());
    }

    /// <summary>One measured window: the schedule, the counters and the histogram its completions write to.</summary>
    private sealed class Phase(OpenLoopOptions options, Func<long, Task> operation, long firstIndex)
    {
        private readonly LongConcurrentHistogram _histogram = new(1, HighestMicros, 3);
        private readonly long[] _timeline = new long[(int)Math.Ceiling((options.Duration + options.DrainTimeout) / options.Bucket) + 1];
        private readonly long _bucketTicks = Math.Max(1, (long)(options.Bucket.TotalSeconds * Stopwatch.Frequency));
        private long _start;
        private long _issued;
        private long _completed;
        private long _errors;
        private long _outstanding;
        private long _heldBack;
        private long _lastCompletion;
        private volatile bool _issuing = true;
        private string? _firstError;

        public TaskCompletionSource IssuedAll { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Drained { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Issue()
        {
            if (OperatingSystem.IsLinux())
            {
                _ = Native.prctl(Native.PrSetTimerSlack, 1, 0, 0, 0);
            }

            var frequency = (double)Stopwatch.Frequency;
            var total = (long)Math.Round(options.Rate * options.Duration.TotalSeconds);
            var random = new Random(options.Seed);

            // A millisecond's lead so the first arrivals are not late before the loop has even started.
            _start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 1000;
            Volatile.Write(ref _lastCompletion, _start);
            var offsetSeconds = 0.0;
            for (long i = 0; i < total; i++)
            {
                if (options.Poisson)
                {
                    offsetSeconds += -Math.Log(1 - random.NextDouble()) / options.Rate;
                }
                else
                {
                    offsetSeconds = i / options.Rate;
                }

                var intended = _start + (long)(offsetSeconds * frequency);
                WaitUntil(intended);
                if (Interlocked.Read(ref _outstanding) >= options.MaxOutstanding)
                {
                    _heldBack++;
                    while (Interlocked.Read(ref _outstanding) >= options.MaxOutstanding)
                    {
                        Pause(100);
                    }
                }

                Interlocked.Increment(ref _outstanding);
                _issued++;
                Task task;
                try
                {
                    task = operation(firstIndex + i);
                }
                catch (Exception ex)
                {
                    task = Task.FromException(ex);
                }

                if (task.IsCompleted)
                {
                    Complete(task, intended);
                }
                else
                {
                    task.ContinueWith(
                        static (t, state) => ((Arrival)state!).Phase.Complete(t, ((Arrival)state!).Intended),
                        new Arrival(this, intended), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }

            _issuing = false;
            IssuedAll.TrySetResult();
            if (Interlocked.Read(ref _outstanding) == 0)
            {
                Drained.TrySetResult();
            }
        }

        public OpenLoopResult Result(TimeSpan cpu, GcReading gc)
        {
            var end = Math.Max(Volatile.Read(ref _lastCompletion), _start);
            var elapsed = TimeSpan.FromSeconds((end - _start) / (double)Stopwatch.Frequency);
            var completed = Interlocked.Read(ref _completed);
            var errors = Interlocked.Read(ref _errors);
            var timeline = new long[_timeline.Length];
            for (var i = 0; i < timeline.Length; i++)
            {
                timeline[i] = Interlocked.Read(ref _timeline[i]);
            }

            return new OpenLoopResult(
                options, _issued, completed, errors, _issued - completed - errors, _heldBack, elapsed, cpu,
                _histogram.Copy(), timeline, _firstError, gc);
        }

        private void Complete(Task task, long intended)
        {
            var now = Stopwatch.GetTimestamp();
            if (task.IsCompletedSuccessfully)
            {
                var micros = Math.Max(1, (now - intended) * 1_000_000 / Stopwatch.Frequency);
                _histogram.RecordValue(Math.Min(micros, HighestMicros));
                Interlocked.Increment(ref _completed);
                var bucket = (now - _start) / _bucketTicks;
                if (bucket >= 0 && bucket < _timeline.Length)
                {
                    Interlocked.Increment(ref _timeline[bucket]);
                }
            }
            else
            {
                Interlocked.Increment(ref _errors);
                var error = task.Exception?.GetBaseException();
                Interlocked.CompareExchange(ref _firstError, error is null ? "cancelled" : $"{error.GetType().Name}: {error.Message}", null);
            }

            long last;
            do
            {
                last = Volatile.Read(ref _lastCompletion);
            }
            while (now > last && Interlocked.CompareExchange(ref _lastCompletion, now, last) != last);

            if (Interlocked.Decrement(ref _outstanding) == 0 && !_issuing)
            {
                Drained.TrySetResult();
            }
        }

        /// <summary>
        /// Sleeps until <paramref name="timestamp"/>, never less than <see cref="MinimumSleepMicros"/>: arrivals that fall
        /// due during a sleep are issued together when it ends. Spinning or waking for each arrival took a third of a
        /// core at 20,000/s from the system under test on two cores; the lateness a sleep adds is not hidden, since
        /// every latency runs from its intended start.
        /// </summary>
        private static void WaitUntil(long timestamp)
        {
            var aheadMicros = (timestamp - Stopwatch.GetTimestamp()) * 1_000_000 / Stopwatch.Frequency;
            if (aheadMicros > 0)
            {
                Pause(Math.Max(aheadMicros, MinimumSleepMicros));
            }
        }

        private const long MinimumSleepMicros = 100;

        private static void Pause(long micros)
        {
            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            {
                _ = Native.usleep((uint)Math.Max(1, micros));
            }
            else
            {
                Thread.Sleep(1);
            }
        }
    }

    private sealed record Arrival(Phase Phase, long Intended);

    /// <summary>Microsecond sleeps for the issuer thread (Thread.Sleep has millisecond resolution).</summary>
    private static class Native
    {
        /// <summary>prctl option: the thread's timer slack in nanoseconds (Linux default 50 µs).</summary>
        public const int PrSetTimerSlack = 29;

#pragma warning disable CA5392, SYSLIB1054, IDE1006, CA1401 // two plain libc calls, named as libc names them
        [DllImport("libc", SetLastError = false)]
        public static extern int usleep(uint microseconds);

        [DllImport("libc", SetLastError = false)]
        public static extern int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
#pragma warning restore CA5392, SYSLIB1054, IDE1006, CA1401
    }
}
