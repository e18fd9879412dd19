namespace Aitbc.Orleans.Miner.Detection;

/// <summary>Stable lower-case names for <see cref="GpuVendor"/>, used in logs and when reporting hardware to the coordinator.</summary>
public static class GpuVendorNames
{
    public static string ToWireName(this GpuVendor vendor) => vendor switch
    {
        GpuVendor.Nvidia => "nvidia",
        GpuVendor.Amd => "amd",
        GpuVendor.Intel => "intel",
        GpuVendor.Apple => "apple",
        GpuVendor.Jetson => "jetson",
        GpuVendor.Cpu => "cpu",
        _ => throw new ArgumentOutOfRangeException(nameof(vendor), vendor, "Unknown vendor."),
    };
}
