using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace Aitbc.Orleans.Tests.Installer;

/// <summary>
/// Issue #14, acceptance 4: package.sh makes one self-contained archive per platform, each with the ONNX Runtime
/// native library built for that platform (read from the library's own header) and SHA-256 sums that match.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class PackageArchiveTests
{
    private readonly PackagedReleases _releases = new();

    public static TheoryData<string, string, string> Platforms => new()
    {
        { "linux-x64", "libonnxruntime.so", "libonnxruntime_providers_cuda.so" },
        { "linux-arm64", "libonnxruntime.so", "JETSON.txt" },
        { "osx-arm64", "libonnxruntime.dylib", "MinerClient" },
        { "win-x64", "onnxruntime.dll", "onnxruntime_providers_cuda.dll" },
    };

    [Theory]
    [MemberData(nameof(Platforms))]
    public void Each_archive_carries_the_onnx_runtime_built_for_its_platform(string rid, string runtime, string alsoThere)
    {
        var entries = PackagedReleases.Entries(_releases.ArchiveOf(rid));
        var natives = entries.Keys.Where(IsNativeRuntime).Order().ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"{rid}: {string.Join(", ", natives)}");

        Assert.True(entries.ContainsKey(runtime), $"{rid} has no {runtime}; it has {string.Join(", ", natives)}");
        Assert.Equal(rid, NativeBinary.PlatformOf(entries[runtime]));
        var host = rid.StartsWith("win", StringComparison.Ordinal) ? "MinerClient.exe" : "MinerClient";
        Assert.Equal(rid, NativeBinary.PlatformOf(entries[host]));
        Assert.Contains(alsoThere, entries.Keys);
        Assert.All(natives, n => Assert.Equal(rid, NativeBinary.PlatformOf(entries[n]))); // no other platform's runtime rides along
        Assert.Contains("Microsoft.ML.OnnxRuntime.dll", entries.Keys);
        // Self-contained: the .NET runtime travels with the miner.
        Assert.Contains(entries.Keys, n => n.Contains("coreclr", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_sums_file_lists_every_archive_with_its_sha256()
    {
        var directory = _releases.Require();
        var sums = File.ReadAllLines(Path.Combine(directory, "SHA256SUMS"))
            .Select(l => l.Split("  ", 2)).ToDictionary(p => p[1], p => p[0], StringComparer.Ordinal);

        Assert.Equal(PackagedReleases.Rids.Select(r => Path.GetFileName(_releases.ArchiveOf(r))).Order(), sums.Keys.Order());
        foreach (var (name, sha) in sums)
        {
            using var stream = File.OpenRead(Path.Combine(directory, name));
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(stream)));
        }
    }

    /// <summary>ONNX Runtime's native libraries (and its providers'), whatever platform they were built for; not the managed assembly or import .lib files.</summary>
    private static bool IsNativeRuntime(string name) =>
        name.Contains("onnxruntime", StringComparison.OrdinalIgnoreCase) && name != "Microsoft.ML.OnnxRuntime.dll"
        && (name.EndsWith(".so", StringComparison.Ordinal) || name.EndsWith(".dylib", StringComparison.Ordinal) || name.EndsWith(".dll", StringComparison.Ordinal));
}
