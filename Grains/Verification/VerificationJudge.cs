using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Verification;

/// <summary>
/// The decision over a checked job's runs (the first, the check, and on a mismatch a third): two that agree confirm; a
/// third run sides with one of two that disagree; no majority is inconclusive. Null outcome: a third run is needed.
/// </summary>
public static class VerificationJudge
{
    public static (VerificationOutcome? Outcome, int CorrectRun, string Summary) Decide(
        IReadOnlyList<IReadOnlyDictionary<string, TensorData>> runs, double fp32Tolerance, double fp16Tolerance)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs.Count, 2);
        string? Mismatch(int a, int b) => OutputComparer.Mismatch(runs[a], runs[b], fp32Tolerance, fp16Tolerance);

        var first = Mismatch(0, 1);
        if (first is null)
        {
            return (VerificationOutcome.Confirmed, 0, "the check agreed with the first run");
        }

        if (runs.Count == 2)
        {
            return (null, -1, first);
        }

        var withFirst = Mismatch(0, 2) is null;
        var withCheck = Mismatch(1, 2) is null;
        return (withFirst, withCheck) switch
        {
            (true, false) => (VerificationOutcome.VerifierWrong, 0, $"the third run sided with the first; the check was wrong ({first})"),
            (false, true) => (VerificationOutcome.PrimaryWrong, 1, $"the third run sided with the check; the first run was wrong ({first})"),
            _ => (VerificationOutcome.Inconclusive, 0, $"no majority among the three runs ({first})"),
        };
    }
}
