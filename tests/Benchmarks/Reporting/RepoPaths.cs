namespace Aitbc.Orleans.Benchmarks.Reporting;

/// <summary>Finds the repository root (the folder holding Aitbc.Orleans.sln) from the build output or the working directory.</summary>
public static class RepoPaths
{
    public static string Root { get; } = Find();

    public static string BenchmarksDocument => Path.Combine(Root, "docs", "BENCHMARKS.md");

    private static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Aitbc.Orleans.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
