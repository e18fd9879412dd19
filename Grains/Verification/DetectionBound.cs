namespace Aitbc.Orleans.Verification;

/// <summary>
/// How fast sampling catches a cheater. Each of a miner's jobs is checked independently with probability p (at least:
/// new, low-QoS and recently caught GPUs are checked more), and a cheat on a fraction f of its jobs is wrong on a checked
/// job with probability p·f. The number of jobs until the k-th catch is then negative-binomial; the bound is the
/// smallest N with P(at least k catches in N jobs) ≥ the confidence. For k = 1 that is N = ⌈ln(1 − c) / ln(1 − p·f)⌉:
/// at p = 5 %, f = 100 % (a miner that always answers zeros), 90 jobs for 99 %; f = 10 %, 919 jobs.
/// </summary>
public static class DetectionBound
{
    public static int JobsToCatch(double samplingRate, double cheatFraction, double confidence = 0.99, int catches = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samplingRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cheatFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(confidence, 0.999999);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(catches);
        var q = Math.Min(1, samplingRate * cheatFraction);
        if (q >= 1)
        {
            return catches;
        }

        if (catches == 1)
        {
            return (int)Math.Ceiling(Math.Log(1 - confidence) / Math.Log(1 - q));
        }

        // P(X ≥ k) for X ~ Binomial(n, q), walking n up; the terms of P(X < k) are updated from n to n + 1 exactly.
        for (var n = catches; n < 10_000_000; n++)
        {
            if (1 - BinomialCdfBelow(n, q, catches) >= confidence)
            {
                return n;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(samplingRate), "the bound is beyond ten million jobs");
    }

    /// <summary>P(X &lt; k) for X ~ Binomial(n, q), summed in log space so large n does not underflow.</summary>
    private static double BinomialCdfBelow(int n, double q, int k)
    {
        var sum = 0.0;
        var logQ = Math.Log(q);
        var log1Q = Math.Log(1 - q);
        var logChoose = 0.0;
        for (var i = 0; i < k && i <= n; i++)
        {
            if (i > 0)
            {
                logChoose += Math.Log(n - i + 1) - Math.Log(i);
            }

            sum += Math.Exp(logChoose + (i * logQ) + ((n - i) * log1Q));
        }

        return sum;
    }
}
