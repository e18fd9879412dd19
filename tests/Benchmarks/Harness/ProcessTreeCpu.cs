using System.Globalization;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// The CPU time (user + system, from /proc) of a set of processes and all their descendants: those whose command line
/// contains a marker (a cluster's directory: its silos, gateway and PostgreSQL server) and the given ids (a miner), so
/// a scenario can state the whole cluster's CPU per operation. Linux only; elsewhere it reads zero. A process that
/// exits between two readings takes its time with it, so readings are meant around a run of long-lived processes.
/// </summary>
public static class ProcessTreeCpu
{
    /// <summary>USER_HZ, the unit of utime and stime in /proc/PID/stat (100 on every Linux this runs on).</summary>
    private const double TicksPerSecond = 100;

    public static TimeSpan Read(string marker, params int[] roots) =>
        TimeSpan.FromTicks(ReadByProcess(marker, roots).Values.Sum(t => t.Ticks));

    /// <summary>
    /// The same CPU time by top process: each chosen process that is not a descendant of another, named by its command
    /// and id, with its descendants' time (PostgreSQL's backends) added to it.
    /// </summary>
    public static IReadOnlyDictionary<string, TimeSpan> ReadByProcess(string marker, params int[] roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var byProcess = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        if (!Directory.Exists("/proc"))
        {
            return byProcess;
        }

        var processes = new Dictionary<int, (int Parent, long Ticks, string Name)>();
        var chosen = new HashSet<int>(roots);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // The command name may hold spaces and parentheses: the fields that matter follow its last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline"));
                processes[pid] = (parent, ticks, NameOf(stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')], commandLine));
                if (commandLine.Contains(marker, StringComparison.Ordinal))
                {
                    chosen.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }

        // Descendants: PostgreSQL's backends, the dotnet host's children.
        for (var added = true; added;)
        {
            added = false;
            foreach (var (pid, (parent, _, _)) in processes)
            {
                if (!chosen.Contains(pid) && chosen.Contains(parent))
                {
                    chosen.Add(pid);
                    added = true;
                }
            }
        }

        foreach (var pid in chosen)
        {
            if (!processes.TryGetValue(pid, out var process))
            {
                continue;
            }

            // Climb to the topmost chosen ancestor: its name stands for the tree.
            var top = pid;
            while (processes.TryGetValue(top, out var p) && chosen.Contains(p.Parent))
            {
                top = p.Parent;
            }

            var name = $"{processes[top].Name} {top}";
            byProcess[name] = byProcess.GetValueOrDefault(name) + TimeSpan.FromSeconds(process.Ticks / TicksPerSecond);
        }

        return byProcess;
    }

    /// <summary>A dotnet host's process is named by the assembly it runs (Silo.dll, Gateway.dll), others by their command.</summary>
    private static string NameOf(string command, string commandLine) =>
        commandLine.Split('\0').FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal)) is { } assembly
            ? Path.GetFileNameWithoutExtension(assembly)
            : command;
}
