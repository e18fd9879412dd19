namespace Aitbc.Orleans.Benchmarks.Harness.OpenLoop;

/// <summary>
/// Finds the highest arrival rate a system sustains: short trials that grow the rate by half while it keeps up, then
/// bisect between the last rate that held and the first that did not. "Keeps up" is <see cref="OpenLoopResult.Sustained"/>.
/// With <c>retrying</c> given, a trial that did not keep up is run once more before the search moves down (the callback
/// says so in the output): one pause (a collection, a neighbour's build) then costs a trial, not the search.
/// </summary>
public static class RateSearch
{
    public static async Task<(double Rate, IReadOnlyList<OpenLoopResult> Trials)> FindSustainableAsync(
        double startRate, double ceilingRate, double p99CapMs, Func<double, Task<OpenLoopResult>> trial, int bisections = 4, Action<OpenLoopResult>? log = null,
        Action<OpenLoopResult>? retrying = null)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var trials = new List<OpenLoopResult>();

        // One trial at a rate, and where it failed and retrying is on, a second whose verdict stands.
        async Task<bool> Holds(double at)
        {
            var result = await trial(at);
            trials.Add(result);
            log?.Invoke(result);
            if (result.Sustained(p99CapMs) || retrying is null)
            {
                return result.Sustained(p99CapMs);
            }

            retrying(result);
            var again = await trial(at);
            trials.Add(again);
            log?.Invoke(again);
            return again.Sustained(p99CapMs);
        }

        double good = 0;
        var bad = double.PositiveInfinity;
        var rate = startRate;
        while (rate <= ceilingRate)
        {
            if (!await Holds(rate))
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
            if (await Holds(middle))
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

    /// <summary>
    /// Holds a searched rate for longer: short trials can pass on what a queue absorbs for a few seconds (a gateway that
    /// holds 512 submissions hides 0.3 s of overload at 1,500/s), so the rate is tried again with the longer trial and
    /// stepped down by <paramref name="step"/> until one holds, at most <paramref name="maxSteps"/> times (by default down to
    /// 0.9^7 ≈ 0.48 of the searched rate). Returns the rate that held (0 if none did) and the trials.
    /// </summary>
    public static async Task<(double Rate, IReadOnlyList<OpenLoopResult> Trials)> ConfirmAsync(
        double searchedRate, double p99CapMs, Func<double, Task<OpenLoopResult>> longTrial, double step = 0.9, int maxSteps = 8,
        Action<OpenLoopResult>? log = null)
    {
        ArgumentNullException.ThrowIfNull(longTrial);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, 1);
        var trials = new List<OpenLoopResult>();
        var rate = searchedRate;
        for (var i = 0; i < maxSteps && rate > 0; i++, rate *= step)
        {
            var result = await longTrial(rate);
            trials.Add(result);
            log?.Invoke(result);
            if (result.Sustained(p99CapMs))
            {
                return (rate, trials);
            }
        }

        return (0, trials);
    }
}
