using System.Runtime.InteropServices;

namespace Aitbc.Orleans.Miner.Detection;

/// <summary>The CPU as a last-resort device, so every miner can at least offer CPU inference.</summary>
public sealed class CpuDetector(IProcessRunner runner, ISystemFileReader files, TimeSpan toolTimeout, int? logicalCores = null)
{
    public const string Source = "procfs";
    public const string StableId = "cpu-0";

    public async Task<DetectedDevice> DetectAsync(CancellationToken cancellationToken)
    {
        var name = ProcInfoParser.CpuModelName(files.TryReadText(ProcPaths.CpuInfo));
        var memoryMb = ProcInfoParser.MemTotalMb(files.TryReadText(ProcPaths.MemInfo));
        var source = Source;

        // macOS has no /proc; sysctl knows both facts there.
        if (name is null || memoryMb is null)
        {
            if (name is null)
            {
                var brand = await runner.RunAsync("sysctl", ["-n", "machdep.cpu.brand_string"], toolTimeout, cancellationToken);
                name = brand.Succeeded && !string.IsNullOrWhiteSpace(brand.StandardOutput) ? brand.StandardOutput.Trim() : null;
            }

            if (memoryMb is null)
            {
                var memory = await runner.RunAsync("sysctl", ["-n", "hw.memsize"], toolTimeout, cancellationToken);
                memoryMb = memory.Succeeded && AppleSystemProfilerParser.ParseMemorySize(memory.StandardOutput) is { } bytes ? ToolValues.BytesToMb(bytes) : null;
            }

            source = "sysctl";
        }

        return new DetectedDevice
        {
            Vendor = GpuVendor.Cpu,
            Name = name ?? $"{RuntimeInformation.ProcessArchitecture} CPU",
            StableId = StableId,
            MemoryMb = memoryMb ?? ToolValues.BytesToMb(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes),
            UnifiedMemory = true,
            Cores = logicalCores ?? Environment.ProcessorCount,
            Source = source,
        };
    }
}
