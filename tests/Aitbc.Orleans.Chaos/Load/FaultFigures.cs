using System.Globalization;

namespace Aitbc.Orleans.Chaos.Load;

/// <summary>What one fault did to the clients' jobs and money: the figures the suite asserts on and reports.</summary>
internal sealed record FaultFigures(
    string Fault,
    int Keys,
    int Accepted,
    int Completed,
    int Failed,
    int Lost,
    int DoubleCharges,
    decimal Paid,
    decimal Charges,
    decimal EscrowLeft,
    int Http500,
    int Http503,
    int Unhinted503,
    int TimedOutAttempts,
    TimeSpan? NewJobsRecovered,
    TimeSpan? InFlightRecovered)
{
    public bool MoneyConserved => Paid == Charges && EscrowLeft == 0;

    public static FaultFigures From(string fault, IReadOnlyCollection<KeyRecord> records, DateTimeOffset faultAt, decimal paid, decimal escrowLeft)
    {
        ArgumentNullException.ThrowIfNull(records);
        var accepted = records.Where(r => r.Accepted).ToArray();
        var statuses = records.SelectMany(r => r.Statuses).ToArray();
        // Each job is charged once, whatever number of keys or answers named it.
        var charges = accepted.GroupBy(r => r.JobIds.First(), StringComparer.Ordinal).Sum(g => g.First().Charged);
        var afterFault = records.Where(r => r.Started >= faultAt && r.Terminal == "completed" && r.Finished is not null).Select(r => r.Finished!.Value - faultAt).ToArray();
        var inFlight = records.Where(r => r.Started < faultAt && r.Finished > faultAt).Select(r => r.Finished!.Value - faultAt).ToArray();
        return new FaultFigures(
            fault,
            records.Count,
            accepted.Length,
            accepted.Count(r => r.Terminal == "completed"),
            accepted.Count(r => r.Terminal is "failed" or "cancelled"),
            accepted.Count(r => r.Terminal is null || r.Vanished),
            records.Count(r => r.JobIds.Count > 1),
            paid,
            charges,
            escrowLeft,
            statuses.Count(s => s == 500),
            statuses.Count(s => s == 503),
            records.Sum(r => r.UnhintedUnavailable),
            accepted.Sum(r => r.AttemptOutcomes.Count(o => o.Contains("execution timed out", StringComparison.Ordinal))),
            afterFault.Length == 0 ? null : afterFault.Min(),
            inFlight.Length == 0 ? null : inFlight.Max());
    }

    public const string Header =
        "| fault | keys | accepted | completed | failed | lost | double charges | paid = charges | holds left | HTTP 500 | HTTP 503 (no Retry-After) | attempts ended by the execution timeout | new jobs complete after | jobs in flight done after |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Fault} | {Keys} | {Accepted} | {Completed} | {Failed} | {Lost} | {DoubleCharges} | {Paid:0.####} = {Charges:0.####} | {EscrowLeft:0.####} | {Http500} | {Http503} ({Unhinted503}) | {TimedOutAttempts} | {Seconds(NewJobsRecovered)} | {Seconds(InFlightRecovered)} |");

    private static string Seconds(TimeSpan? t) => t is null ? "—" : string.Create(CultureInfo.InvariantCulture, $"{t.Value.TotalSeconds:0.0} s");
}
