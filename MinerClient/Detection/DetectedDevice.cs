namespace Aitbc.Orleans.Miner.Detection;

/// <summary>
/// One accelerator (or the CPU fallback) as a local tool reported it. Optional readings are null when the tool
/// printed "[N/A]" or has no such field, so callers can tell "unknown" from zero.
/// </summary>
public sealed record DetectedDevice
{
    public required GpuVendor Vendor { get; init; }

    /// <summary>The name exactly as the tool reports it, e.g. "NVIDIA GeForce RTX 4090".</summary>
    public required string Name { get; init; }

    /// <summary>A stable identifier: the GPU UUID where the tool has one, else a PCI/sysfs path or a synthesised id.</summary>
    public required string StableId { get; init; }

    /// <summary>Dedicated memory, or for unified-memory devices (Apple, Jetson, CPU) the system memory.</summary>
    public required long MemoryMb { get; init; }

    /// <summary>True when <see cref="MemoryMb"/> is shared with the operating system rather than dedicated.</summary>
    public bool UnifiedMemory { get; init; }

    public string? Driver { get; init; }

    /// <summary>CUDA compute capability ("8.9") for NVIDIA/Jetson, gfx target ("gfx1100") for AMD when known.</summary>
    public string? ComputeCapability { get; init; }

    /// <summary>GPU cores (Apple), compute units, or logical CPU cores where the tool reports them.</summary>
    public int? Cores { get; init; }

    public double? TemperatureC { get; init; }
    public double? PowerW { get; init; }
    public double? PowerLimitW { get; init; }
    public double? UtilisationPercent { get; init; }

    /// <summary>Which tool or file the facts came from, e.g. "nvidia-smi" or "sysfs".</summary>
    public required string Source { get; init; }

    public string ExecutionProviderHint => ExecutionProviders.ForVendor(Vendor);
}
