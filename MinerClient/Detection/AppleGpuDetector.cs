namespace Aitbc.Orleans.Miner.Detection;

/// <summary>Apple-silicon GPUs via system_profiler, with unified memory from sysctl.</summary>
public sealed class AppleGpuDetector(IProcessRunner runner, TimeSpan toolTimeout) : IGpuDetector
{
    public const string Tool = "system_profiler";
    public const string SysctlTool = "sysctl";

    public string Name => "apple";

    public async Task<GpuDetectorResult> DetectAsync(CancellationToken cancellationToken)
    {
        var profile = await runner.RunAsync(Tool, AppleSystemProfilerParser.Arguments, toolTimeout, cancellationToken);
        if (!profile.Succeeded)
        {
            return GpuDetectorResult.None(ToolFailure.Describe(Tool, profile));
        }

        var memory = await runner.RunAsync(SysctlTool, ["-n", "hw.memsize"], toolTimeout, cancellationToken);
        var memoryBytes = memory.Succeeded ? AppleSystemProfilerParser.ParseMemorySize(memory.StandardOutput) : null;
        return GpuDetectorResult.From(AppleSystemProfilerParser.Parse(profile.StandardOutput, memoryBytes), $"{Tool} listed no Apple GPU");
    }
}
