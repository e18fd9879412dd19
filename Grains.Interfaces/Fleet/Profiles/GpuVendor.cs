namespace Aitbc.Orleans.Fleet.Profiles;

/// <summary>Who made the compute device; <see cref="Cpu"/> marks CPU-only workers, <see cref="Unknown"/> unrecognised hardware.</summary>
public enum GpuVendor
{
    Unknown = 0,
    Nvidia = 1,
    Amd = 2,
    Intel = 3,
    Apple = 4,
    Cpu = 5,
}
