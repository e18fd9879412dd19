using System.Diagnostics;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// Closed-loop load: a fixed number of workers, each issuing its next operation as soon as the last returns, so
/// "concurrency" is the number of outstanding requests. The operation returns the latency to record (Stopwatch ticks),
/// so a scenario can time only the part it reports (a routing decision, not the release after it).
/// </summary>
public static class LoadGenerator
{
    public static Func<long, Task<long>> Timed(Func<long, Task> operation) => async i =>
    {
        var start = Stopwatch.GetTimestamp();
        await operation(i);
        return Stopwatch.GetTimestamp() - start;
    };

    public static async Task<LoadResult> RunAsync(int concurrency, TimeSpan warmup, TimeSpan duration, Func<long, Task<long>> operation, long maxOperations = long.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(operation);
        long sequence = 0;
        if (warmup > TimeSpan.Zero)
        {
            await Phase(concurrency, warmup, operation, long.MaxValue, () => Interlocked.Increment(ref sequence));
        }

        var cpuBefore = ProcessCpu();
        var result = await Phase(concurrency, duration, operation, maxOperations, () => Interlocked.Increment(ref sequence));
        var cpu = ProcessCpu() - cpuBefore;
        return result with { CpuTime = cpu };
    }

    public static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static async Task<LoadResult> Phase(int concurrency, TimeSpan duration, Func<long, Task<long>> operation, long maxOperations, Func<long> next)
    {
        var latencies = new List<long>[concurrency];
        long errors = 0;
        long issued = 0;
        string? firstError = null;
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            var list = latencies[w] = new List<long>(4096);
            workers[w] = Task.Run(async () =>
            {
                while (Stopwatch.GetTimestamp() < deadline && Interlocked.Increment(ref issued) <= maxOperations)
                {
                    try
                    {
                        list.Add(await operation(next()));
                    }
                    catch (Exception ex)
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, $"{ex.GetType().Name}: {ex.Message}", null);
                    }
                }
            });
        }

        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var all = latencies.SelectMany(l => l).Select(Percentiles.TicksToMs).ToArray();
        Array.Sort(all);
        return new LoadResult(
            all.Length,
            elapsed,
            Percentiles.OfSorted(all, 50),
            Percentiles.OfSorted(all, 99),
            all.Length == 0 ? double.NaN : all.Average(),
            all.Length == 0 ? double.NaN : all[^1],
            errors,
            TimeSpan.Zero,
            firstError);
    }
}
