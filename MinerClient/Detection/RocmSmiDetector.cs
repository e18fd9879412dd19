namespace Aitbc.Orleans.Miner.Detection;

/// <summary>AMD GPUs via rocm-smi.</summary>
public sealed class RocmSmiDetector(IProcessRunner runner, TimeSpan toolTimeout) : IGpuDetector
{
    public const string Tool = "rocm-smi";

    public string Name => "amd";

    public async Task<GpuDetectorResult> DetectAsync(CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(Tool, RocmSmiParser.Arguments, toolTimeout, cancellationToken);
        // rocm-smi exits non-zero when one of several requested readings is unsupported yet still prints the rest.
        if (result.Outcome != ProcessOutcome.Exited)
        {
            return GpuDetectorResult.None(ToolFailure.Describe(Tool, result));
        }

        return GpuDetectorResult.From(RocmSmiParser.Parse(result.StandardOutput), $"{Tool} output had no cards (exit code {result.ExitCode})");
    }
}
