using System.Text.RegularExpressions;

namespace Aitbc.Orleans.Miner.Detection;

/// <summary>Reads Jetson identity from device-tree strings and /etc/nv_tegra_release.</summary>
public static partial class JetsonBoardParser
{
    /// <summary>Device-tree strings end in NUL (and "compatible" is a NUL-separated list); this makes them printable.</summary>
    public static string? CleanDeviceTreeString(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var cleaned = raw.Replace('\0', ' ').Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    /// <summary>True when the device tree describes a Jetson/Tegra module.</summary>
    public static bool IsJetson(string? model, string? compatible) =>
        (model?.Contains("Jetson", StringComparison.OrdinalIgnoreCase) ?? false)
        || (compatible?.Contains("nvidia,tegra", StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>CUDA compute capability of the module's integrated GPU, from its model name.</summary>
    public static string? ComputeCapability(string? model)
    {
        if (model is null)
        {
            return null;
        }

        // Order matters: "Orin Nano" is Ampere, plain "Nano" is Maxwell.
        (string Marker, string Capability)[] families =
        [
            ("Thor", "11.0"),
            ("Orin", "8.7"),
            ("Xavier", "7.2"),
            ("TX2", "6.2"),
            ("Nano", "5.3"),
            ("TX1", "5.3"),
        ];
        foreach (var (marker, capability) in families)
        {
            if (model.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return capability;
            }
        }

        return null;
    }

    /// <summary>"# R36 (release), REVISION: 3.0, GCID: ..." → "L4T R36.3.0".</summary>
    public static string? L4tRelease(string? nvTegraRelease)
    {
        if (nvTegraRelease is null)
        {
            return null;
        }

        var match = Release().Match(nvTegraRelease);
        return match.Success ? $"L4T R{match.Groups[1].Value}.{match.Groups[2].Value}" : null;
    }

    [GeneratedRegex(@"R(\d+)\s*\(release\),\s*REVISION:\s*([\d.]+)")]
    private static partial Regex Release();
}
