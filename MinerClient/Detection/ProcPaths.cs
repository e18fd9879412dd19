namespace Aitbc.Orleans.Miner.Detection;

/// <summary>Well-known files the probes read.</summary>
public static class ProcPaths
{
    public const string CpuInfo = "/proc/cpuinfo";
    public const string MemInfo = "/proc/meminfo";
    public const string DeviceTreeModel = "/proc/device-tree/model";
    public const string DeviceTreeCompatible = "/proc/device-tree/compatible";
    public const string DeviceTreeSerialNumber = "/proc/device-tree/serial-number";
    public const string NvTegraRelease = "/etc/nv_tegra_release";
}
