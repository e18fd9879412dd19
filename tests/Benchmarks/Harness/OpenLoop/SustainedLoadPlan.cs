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
    public static SustainedLoadPlan For(bool full, double startRate) => full
        ? new(startRate, 400_000, 20, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500), 4)
        : new(startRate / 4, 400_000, 20, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(600), TimeSpan.FromMilliseconds(200), 1);
}
