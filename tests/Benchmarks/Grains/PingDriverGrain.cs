using System.Diagnostics;
using Aitbc.Orleans.Operations;

namespace Aitbc.Orleans.Benchmarks.Grains;

/// <summary>
/// Keeps a number of IPingGrain calls outstanding for a while. Every continuation runs on this activation's turn, as
/// in a real grain; the benchmark runs several drivers so one activation's thread is not the limit.
/// </summary>
public sealed class PingDriverGrain : Grain, IPingDriverGrain
{
    public async Task<PingRun> Run(int outstanding, TimeSpan duration)
    {
        var ping = GrainFactory.GetGrain<IPingGrain>(0);
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = new List<long>(65536);
        long errors = 0;

        async Task Loop()
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    await ping.Ping(1);
                    latencies.Add(Stopwatch.GetTimestamp() - t0);
                }
                catch (Exception)
                {
                    errors++;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, outstanding).Select(_ => Loop()));
        return new PingRun([.. latencies], Stopwatch.GetTimestamp() - start, errors);
    }
}
