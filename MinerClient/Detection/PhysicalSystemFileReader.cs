namespace Aitbc.Orleans.Miner.Detection;

/// <summary>Reads the real /proc and /sys. Any I/O problem reads as "absent" because probes treat absence as "not this hardware".</summary>
public sealed class PhysicalSystemFileReader : ISystemFileReader
{
    public string? TryReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public IReadOnlyList<string> ListDirectories(string path, string searchPattern)
    {
        try
        {
            if (!Directory.Exists(path))
            {
                return [];
            }

            var directories = Directory.GetDirectories(path, searchPattern);
            Array.Sort(directories, StringComparer.Ordinal);
            return directories;
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
