namespace Aitbc.Orleans.Miner.Detection;

/// <summary>Who made the accelerator. <see cref="Jetson"/> is separate from <see cref="Nvidia"/> because its memory is shared with the CPU.</summary>
public enum GpuVendor
{
    Nvidia,
    Amd,
    Intel,
    Apple,
    Jetson,
    Cpu,
}
