namespace Aitbc.Orleans.Benchmarks.Harness.OpenLoop;

/// <summary>How a <see cref="SustainedLoad"/> searches: rates, trial and run lengths, and the p99 cap of "sustained".</summary>
public sealed record SustainedLoadPlan(
    double StartRate,
    double CeilingRate,
    double P99CapMs,
    TimeSpan Trial,
    TimeSpan Run,
    TimeSpan Warmup,
    int Bisections)
{
    /// <summary>Full: 3 s trials from the start rate up, 4 bisections, 5 s runs. Smoke: a few short trials that only prove it runs.</summary>
    public static SustainedLoadPlan For(bool full, double startRate) => full
        ? new(startRate, 400_000, 20, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500), 4)
        : new(startRate / 8, startRate / 2, 20, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100), 0);
}
