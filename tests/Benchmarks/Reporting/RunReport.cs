using System.Globalization;
using System.Text;

namespace Aitbc.Orleans.Benchmarks.Reporting;

/// <summary>Everything one run produced: the result rows, extra tables (micro-benchmarks, geo detail) and notes.</summary>
public sealed class RunReport
{
    private readonly List<ResultRow> _rows = [];
    private readonly List<(string Title, string Markdown)> _sections = [];
    private readonly List<string> _notes = [];
    private readonly object _gate = new();

    public IReadOnlyList<ResultRow> Rows
    {
        get
        {
            lock (_gate)
            {
                return _rows.ToArray();
            }
        }
    }

    public List<string> Errors { get; } = [];

    public void Add(ResultRow row)
    {
        lock (_gate)
        {
            _rows.Add(row);
        }
    }

    public void AddSection(string title, string markdown)
    {
        lock (_gate)
        {
            _sections.Add((title, markdown));
        }
    }

    public void Note(string text)
    {
        lock (_gate)
        {
            _notes.Add(text);
        }
    }

    /// <summary>The markdown section for BENCHMARKS.md: header (date, machine, command, commit), tables, notes.</summary>
    public string Render(string mode, string command, string commit, MachineInfo machine, TimeSpan wall, string? label)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"## {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: {mode} run");
        sb.AppendLine();
        if (!string.IsNullOrWhiteSpace(label))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"> {label}");
            sb.AppendLine();
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {machine.Cores} cores, {machine.MemoryGiB:0.0} GiB memory, {machine.CpuModel}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- OS / runtime: {machine.Os}, {machine.Runtime}, {machine.Gc}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Load average (1/5/15 min) at start: {machine.LoadAverage}; at end: {MachineInfo.CurrentLoadAverage()}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{command}`");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Commit: {commit}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Wall time: {wall.TotalSeconds:0} s");
        sb.AppendLine();
        sb.Append(ReportTable.Render(Rows));
        foreach (var (title, markdown) in _sections)
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"### {title}");
            sb.AppendLine();
            sb.Append(markdown.TrimEnd());
            sb.AppendLine();
        }

        if (_notes.Count > 0 || Errors.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("### Notes");
            sb.AppendLine();
            foreach (var note in _notes)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }

            foreach (var error in Errors)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"- ERROR: {error}");
            }
        }

        return sb.ToString();
    }
}
