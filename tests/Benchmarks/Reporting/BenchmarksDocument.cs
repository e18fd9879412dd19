namespace Aitbc.Orleans.Benchmarks.Reporting;

/// <summary>docs/BENCHMARKS.md: a log of runs, newest last. Runs are appended, never rewritten, so history stays.</summary>
public static class BenchmarksDocument
{
    // Only for a missing file; the real document carries the full description of the scenarios and settings.
    private const string Preamble = """
        # Benchmarks

        Produced by `tests/Benchmarks` (`dotnet run -c Release --project tests/Benchmarks -- --help`). Every run appends
        one section: date, machine, exact command, commit, and a table where each figure is set against a baseline
        measured in the same run (Ratio = value / baseline).

        # Runs

        """;

    public static void Append(string path, string section)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Preamble.ReplaceLineEndings("\n"));
        }

        File.AppendAllText(path, "\n" + section.ReplaceLineEndings("\n"));
    }
}
