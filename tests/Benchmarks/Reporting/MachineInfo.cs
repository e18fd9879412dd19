using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Aitbc.Orleans.Benchmarks.Reporting;

/// <summary>What the figures were measured on: they mean little without the cores, memory, CPU and load.</summary>
public sealed record MachineInfo(int Cores, double MemoryGiB, string CpuModel, string Os, string Runtime, string Gc, string LoadAverage)
{
    public static MachineInfo Current()
    {
        var cpu = ReadFirst("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memKb = ReadFirst("/proc/meminfo", "MemTotal")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var memory = double.TryParse(memKb, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb)
            ? kb / (1024 * 1024)
            : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024d * 1024 * 1024);
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        var gc = (GCSettings.IsServerGC ? "server" : "workstation") + (GCSettings.LatencyMode == GCLatencyMode.Batch ? " GC" : " GC, concurrent")
            + $"; thread-pool spin limit {ThreadPoolSpinLimit()}";
        return new MachineInfo(Environment.ProcessorCount, memory, cpu, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, gc, load);
    }

    /// <summary>How long idle pool workers spin before they block (an A/B sets the variable over the project's setting).</summary>
    private static string ThreadPoolSpinLimit() =>
        Environment.GetEnvironmentVariable("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit") is { } variable ? $"{variable} (environment)"
        : AppContext.GetData("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit") is { } configured ? $"{configured} (runtimeconfig)"
        : "the runtime's default";

    public static string CurrentLoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string? ReadFirst(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == key)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }
}
