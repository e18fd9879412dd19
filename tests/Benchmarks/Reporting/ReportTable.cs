using System.Globalization;
using System.Text;

namespace Aitbc.Orleans.Benchmarks.Reporting;

/// <summary>Renders result rows as a GitHub markdown table (printed to the console and appended to BENCHMARKS.md).</summary>
public static class ReportTable
{
    public static string Render(IEnumerable<ResultRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| Scenario | Metric | Value | Baseline (same run) | Ratio | Target | Status |");
        sb.AppendLine("|---|---|---:|---|---:|---|---|");
        // Scenarios run in whatever order suits the measurement; the table reads in the plan's order (stable sort).
        foreach (var row in rows.OrderBy(r => int.TryParse(r.Scenario.Split(' ')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue))
        {
            var value = row.Value is { } v ? $"{Number(v)} {row.Unit}" : row.Unit;
            var baseline = row.Baseline is null ? "" : row.BaselineValue is { } b ? $"{row.Baseline} = {Number(b)}" : row.Baseline;
            var ratio = row.Ratio is { } r ? r.ToString(r >= 100 ? "N0" : r >= 0.1 ? "0.00" : "0.0000", CultureInfo.InvariantCulture) : "";
            var status = row.Status switch
            {
                TargetStatus.Met => "met",
                TargetStatus.Missed => "**missed**",
                TargetStatus.NotAvailable => "not yet available",
                _ => "",
            };
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {row.Scenario} | {row.Metric} | {value} | {baseline} | {ratio} | {row.Target} | {status} |");
        }

        return sb.ToString();
    }

    /// <summary>Three significant figures or so, with thousands separators for big numbers.</summary>
    public static string Number(double value)
    {
        var abs = Math.Abs(value);
        var format = abs >= 1000 ? "N0" : abs >= 100 ? "0" : abs >= 10 ? "0.0" : abs >= 1 ? "0.00" : abs == 0 ? "0" : "0.000";
        return value.ToString(format, CultureInfo.InvariantCulture);
    }
}
