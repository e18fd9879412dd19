using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Aitbc.Orleans.Tests.Installer;

/// <summary>
/// A temporary directory with a fake release archive and a staging root, plus a way to run deploy/miner/*.sh against it.
/// Every run passes --root, so the scripts never touch the machine running the tests.
/// </summary>
internal sealed class InstallerSandbox : IDisposable
{
    public const string FakeMinerClient = "#!/bin/sh\necho \"fake MinerClient $*\"\n";

    public InstallerSandbox()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("aitbc-installer-").FullName;
        Root = Path.Combine(Directory, "root");
    }

    public string Directory { get; }

    /// <summary>The --root the scripts install into; not created up front so "nothing written" can be checked.</summary>
    public string Root { get; }

    public static string ScriptsDirectory { get; } = LocateScripts();

    public string InRoot(string absolutePath) => Path.Combine(Root, absolutePath.TrimStart('/'));

    /// <summary>Writes a .tar.gz with the given entries (name → content; names ending in '/' are directories) and returns its path and SHA-256.</summary>
    public (string Path, string Sha256) CreateArchive(string fileName, IReadOnlyDictionary<string, string> entries)
    {
        var path = System.IO.Path.Combine(Directory, fileName);
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (name, content) in entries)
            {
                if (name.EndsWith('/'))
                {
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)0b111_101_101 });
                    continue;
                }

                // Released binaries are executable, but the installer must not rely on it; ship them 0644 to prove it sets the bit.
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    Mode = (UnixFileMode)0b110_100_100,
                    DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)),
                });
            }
        }

        return (path, Sha256Of(path));
    }

    public (string Path, string Sha256) CreateRelease(string fileName = "aitbc-miner.tar.gz") =>
        CreateArchive(fileName, new Dictionary<string, string>
        {
            ["MinerClient"] = FakeMinerClient,
            ["appsettings.json"] = "{ \"Logging\": {} }\n",
            ["runtimes/"] = string.Empty,
            ["runtimes/libonnxruntime.so"] = "not really a library\n",
        });

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public ScriptResult Run(string script, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        startInfo.ArgumentList.Add(System.IO.Path.Combine(ScriptsDirectory, script));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("bash did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in 60 s");
        }

        return new ScriptResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    public ScriptResult Install(string archive, string sha256, params string[] extra) =>
        Run("install.sh", [archive, "--sha256", sha256, "--root", Root, .. extra]);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory is not worth failing a test over.
        }
    }

    private static string LocateScripts()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "deploy", "miner");
            if (File.Exists(System.IO.Path.Combine(candidate, "install.sh")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("deploy/miner/install.sh not found above the test output directory.");
    }
}
