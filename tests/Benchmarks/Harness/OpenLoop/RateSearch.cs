namespace Aitbc.Orleans.Benchmarks.Harness.OpenLoop;

/// <summary>
/// Finds the highest arrival rate a system sustains: short trials that grow the rate by half while it keeps up, then
/// bisect between the last rate that held and the first that did not. "Keeps up" is <see cref="OpenLoopResult.Sustained"/>.
/// </summary>
public static class RateSearch
{
    public static async Task<(double Rate, IReadOnlyList<OpenLoopResult> Trials)> FindSustainableAsync(
        double startRate, double ceilingRate, double p99CapMs, Func<double, Task<OpenLoopResult>> trial, int bisections = 4, Action<OpenLoopResult>? log = null)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var trials = new List<OpenLoopResult>();
        double good = 0;
        var bad = double.PositiveInfinity;
        var rate = startRate;
        while (rate <= ceilingRate)
        {
            var result = await trial(rate);
            trials.Add(result);
            log?.Invoke(result);
            if (!result.Sustained(p99CapMs))
            {
                bad = rate;
                break;
            }

            good = rate;
            rate *= 1.5;
        }

        if (double.IsPositiveInfinity(bad))
        {
            return (good, trials);
        }

        for (var i = 0; i < bisections; i++)
        {
            var middle = good == 0 ? bad / 2 : (good + bad) / 2;
            var result = await trial(middle);
            trials.Add(result);
            log?.Invoke(result);
            if (result.Sustained(p99CapMs))
            {
                good = middle;
            }
            else
            {
                bad = middle;
            }
        }

        return (good, trials);
    }
}
