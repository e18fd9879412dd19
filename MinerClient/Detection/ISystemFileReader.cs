namespace Aitbc.Orleans.Miner.Detection;

/// <summary>Read-only access to /proc and /sys so probes can be tested against recorded trees.</summary>
public interface ISystemFileReader
{
    /// <summary>The file's text, or null when it is missing or unreadable.</summary>
    string? TryReadText(string path);

    /// <summary>Full paths of the immediate subdirectories of <paramref name="path"/> matching <paramref name="searchPattern"/>; empty when missing.</summary>
    IReadOnlyList<string> ListDirectories(string path, string searchPattern);
}
