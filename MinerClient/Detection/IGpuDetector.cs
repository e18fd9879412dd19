namespace Aitbc.Orleans.Miner.Detection;

/// <summary>Finds the devices of one vendor. Implementations report absence in the result instead of throwing.</summary>
public interface IGpuDetector
{
    /// <summary>Short name for logs, e.g. "nvidia".</summary>
    string Name { get; }

    Task<GpuDetectorResult> DetectAsync(CancellationToken cancellationToken);
}
