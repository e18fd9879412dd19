namespace Aitbc.Orleans.Fleet.Profiles;

/// <summary>
/// Vendor figures for one GPU model (see the header of gpu-profiles.json for how each figure is defined).
/// Profiles built for unrecognised hardware carry only what the device reported and have <see cref="IsKnown"/> false.
/// </summary>
[GenerateSerializer, Immutable, Alias("aitbc.GpuProfile")]
public sealed record GpuProfile
{
    [Id(0)] public GpuVendor Vendor { get; init; }

    /// <summary>Canonical model name, e.g. "GeForce RTX 4090".</summary>
    [Id(1)] public string Name { get; init; } = "";

    /// <summary>Names as device tools print them (nvidia-smi, rocm-smi, system_profiler, xpu-smi, device tree).</summary>
    [Id(2)] public IReadOnlyList<string> Aliases { get; init; } = [];

    [Id(3)] public string Architecture { get; init; } = "";
    [Id(4)] public GpuClass Class { get; init; }
    [Id(5)] public double VramGb { get; init; }

    /// <summary>Memory shared with the CPU (Apple, Jetson, iGPUs), so only part of it is available to a model.</summary>
    [Id(6)] public bool UnifiedMemory { get; init; }

    [Id(7)] public double MemoryBandwidthGBps { get; init; }
    [Id(8)] public double Fp32Tflops { get; init; }

    /// <summary>Non-tensor (shader) FP16 peak.</summary>
    [Id(9)] public double Fp16Tflops { get; init; }

    /// <summary>Dense INT8 peak; 0 when the device has no fast INT8 path.</summary>
    [Id(10)] public double Int8Tops { get; init; }

    [Id(11)] public double TdpWatts { get; init; }
    [Id(12)] public int ReleaseYear { get; init; }
    [Id(13)] public ComputeApi ComputeApi { get; init; }

    /// <summary>CUDA compute capability ("8.9"), ROCm gfx target ("gfx1100"), Metal family ("Apple8") or Xe architecture ("Xe-HPG").</summary>
    [Id(14)] public string ComputeLevel { get; init; } = "";

    /// <summary>True for catalogue entries, false for a generic profile built from reported figures.</summary>
    [Id(15)] public bool IsKnown { get; init; }

    // Records compare collections by reference; compare aliases by content so a serialised copy equals its original.
    public bool Equals(GpuProfile? other) =>
        other is not null
        && Vendor == other.Vendor
        && Name == other.Name
        && Aliases.SequenceEqual(other.Aliases)
        && Architecture == other.Architecture
        && Class == other.Class
        && VramGb.Equals(other.VramGb)
        && UnifiedMemory == other.UnifiedMemory
        && MemoryBandwidthGBps.Equals(other.MemoryBandwidthGBps)
        && Fp32Tflops.Equals(other.Fp32Tflops)
        && Fp16Tflops.Equals(other.Fp16Tflops)
        && Int8Tops.Equals(other.Int8Tops)
        && TdpWatts.Equals(other.TdpWatts)
        && ReleaseYear == other.ReleaseYear
        && ComputeApi == other.ComputeApi
        && ComputeLevel == other.ComputeLevel
        && IsKnown == other.IsKnown;

    public override int GetHashCode() => HashCode.Combine(Vendor, Name, Class, VramGb, ComputeLevel, IsKnown);
}
