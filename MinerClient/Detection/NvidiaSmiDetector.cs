namespace Aitbc.Orleans.Miner.Detection;

/// <summary>NVIDIA GPUs via nvidia-smi, retrying without compute_cap for drivers that predate that field.</summary>
public sealed class NvidiaSmiDetector(IProcessRunner runner, TimeSpan toolTimeout) : IGpuDetector
{
    public const string Tool = "nvidia-smi";

    public string Name => "nvidia";

    public async Task<GpuDetectorResult> DetectAsync(CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(Tool, NvidiaSmiParser.Arguments(legacy: false), toolTimeout, cancellationToken);
        if (result.Outcome == ProcessOutcome.NotFound)
        {
            return GpuDetectorResult.None(ToolFailure.Describe(Tool, result));
        }

        if (result.Succeeded)
        {
            return GpuDetectorResult.From(NvidiaSmiParser.Parse(result.StandardOutput), $"{Tool} output had no GPU lines");
        }

        // Drivers before 510 answer 'Field "compute_cap" is not a valid field to query.' with exit code 2.
        if (result.Outcome == ProcessOutcome.Exited && result.StandardOutput.Contains("compute_cap", StringComparison.Ordinal))
        {
            var legacy = await runner.RunAsync(Tool, NvidiaSmiParser.Arguments(legacy: true), toolTimeout, cancellationToken);
            if (legacy.Succeeded)
            {
                return GpuDetectorResult.From(NvidiaSmiParser.Parse(legacy.StandardOutput, legacy: true), $"{Tool} output had no GPU lines");
            }

            return GpuDetectorResult.None(ToolFailure.Describe(Tool, legacy));
        }

        return GpuDetectorResult.None(ToolFailure.Describe(Tool, result));
    }
}
