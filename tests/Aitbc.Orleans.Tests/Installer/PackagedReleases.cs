using System.Formats.Tar;
using System.IO.Compression;

namespace Aitbc.Orleans.Tests.Installer;

/// <summary>
/// The output of deploy/miner/package.sh for the four platforms, from the folder AITBC_MINER_PACKAGES names. Four
/// self-contained publishes take minutes on 2 cores (8.6 min for one on the shared, loaded development machine), too
/// long for every test run, so .ci/run packages once before the tests and sets the variable; without it these tests
/// say how to run them. Each archive's entries are read into memory by name (the first 4 KiB of each).
/// </summary>
public sealed class PackagedReleases
{
    public const string Variable = "AITBC_MINER_PACKAGES";

    public static readonly string[] Rids = ["linux-x64", "linux-arm64", "osx-arm64", "win-x64"];

    public string? Directory { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } dir ? dir : null;

    public string Require()
    {
        Assert.SkipWhen(Directory is null, $"{Variable} is not set: run deploy/miner/package.sh --out DIR --version test and set {Variable}=DIR (.ci/run does)");
        return Directory!;
    }

    public string ArchiveOf(string rid) => Path.Combine(Require(), $"aitbc-miner-test-{rid}.{(rid.StartsWith("win", StringComparison.Ordinal) ? "zip" : "tar.gz")}");

    /// <summary>Every file in the archive (path below the top folder) with its first 4 KiB.</summary>
    public static Dictionary<string, byte[]> Entries(string archive)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (archive.EndsWith(".zip", StringComparison.Ordinal))
        {
            using var zip = ZipFile.OpenRead(archive);
            foreach (var entry in zip.Entries.Where(e => !e.FullName.EndsWith('/')))
            {
                using var stream = entry.Open();
                entries[BelowTop(entry.FullName)] = Head(stream);
            }

            return entries;
        }

        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
            {
                entries[BelowTop(entry.Name)] = entry.DataStream is null ? [] : Head(entry.DataStream);
            }
        }

        return entries;
    }

    private static string BelowTop(string name) => name.Replace('\\', '/').Split('/', 2) is [_, var rest] ? rest : name;

    private static byte[] Head(Stream stream)
    {
        var buffer = new byte[4096];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return buffer[..read];
    }
}
