namespace Aitbc.Orleans.Benchmarks.Reporting;

/// <summary>
/// One measured figure, set against a baseline measured in the same run. Ratio is Value / BaselineValue, so for a
/// rate it says "fraction of the baseline rate" and for a latency or size "times the baseline".
/// </summary>
public sealed record ResultRow(
    string Scenario,
    string Metric,
    double? Value,
    string Unit,
    string? Baseline = null,
    double? BaselineValue = null,
    string? Target = null,
    TargetStatus Status = TargetStatus.None)
{
    public double? Ratio => Value is { } v && BaselineValue is { } b && b != 0 ? v / b : null;

    /// <summary>A row for a scenario that cannot run yet; it carries no number on purpose.</summary>
    public static ResultRow NotAvailable(string scenario, string metric, string why) =>
        new(scenario, metric, null, why, Status: TargetStatus.NotAvailable);
}
