namespace Aitbc.Orleans.Tests.Miner.Detection;

/// <summary>
/// Locates recorded tool outputs. They are read from the build output when copied there, otherwise from the source tree
/// (found by walking up to the solution file), so the tests do not depend on a copy step.
/// </summary>
internal static class DetectionFixtures
{
    private const string RelativeDirectory = "Miner/Detection/Fixtures";

    public static string Directory { get; } = Locate();

    public static string Path(string name) => System.IO.Path.Combine(Directory, name);

    public static string Read(string name) => File.ReadAllText(Path(name));

    private static string Locate()
    {
        var copied = System.IO.Path.Combine(AppContext.BaseDirectory, RelativeDirectory);
        if (System.IO.Directory.Exists(copied))
        {
            return copied;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Aitbc.Orleans.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, "tests", "Aitbc.Orleans.Tests", RelativeDirectory);
            }
        }

        throw new DirectoryNotFoundException($"Cannot find {RelativeDirectory} next to the tests or in the source tree.");
    }
}
