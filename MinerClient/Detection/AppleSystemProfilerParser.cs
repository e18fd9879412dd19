using System.Text.Json;
using System.Text.RegularExpressions;

namespace Aitbc.Orleans.Miner.Detection;

/// <summary>
/// Parses <c>system_profiler SPDisplaysDataType -json</c> for Apple-silicon GPUs. Their memory is the unified system memory,
/// so the caller passes <c>sysctl -n hw.memsize</c>. Third-party GPUs in Intel Macs are not Apple devices and are skipped.
/// </summary>
public static partial class AppleSystemProfilerParser
{
    public const string Source = "system_profiler";
    public const string AppleVendor = "sppci_vendor_Apple";

    public static IReadOnlyList<string> Arguments { get; } = ["SPDisplaysDataType", "-json"];

    public static IReadOnlyList<DetectedDevice> Parse(string? output, long? memorySizeBytes)
    {
        var devices = new List<DetectedDevice>();
        using var document = ToolValues.TryParseJsonObject(output);
        if (document is null
            || !document.RootElement.TryGetProperty("SPDisplaysDataType", out var displays)
            || displays.ValueKind != JsonValueKind.Array)
        {
            return devices;
        }

        foreach (var entry in displays.EnumerateArray())
        {
            var vendor = ToolValues.FindJsonText(entry, "spdisplays_vendor");
            var name = ToolValues.FindJsonText(entry, "sppci_model", "_name");
            if (name is null || !string.Equals(vendor, AppleVendor, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            devices.Add(new DetectedDevice
            {
                Vendor = GpuVendor.Apple,
                Name = name,
                // No UUID is exposed for the GPU; model and position are stable for the life of the machine.
                StableId = $"apple-{Slug().Replace(name.ToLowerInvariant(), "-").Trim('-')}-{devices.Count}",
                MemoryMb = memorySizeBytes is { } bytes ? ToolValues.BytesToMb(bytes) : 0,
                UnifiedMemory = true,
                Driver = MetalSupport(ToolValues.FindJsonText(entry, "spdisplays_mtlgpufamilysupport", "spdisplays_metal")),
                Cores = ToolValues.ParseLong(ToolValues.FindJsonText(entry, "sppci_cores")) is { } cores ? (int)cores : null,
                Source = Source,
            });
        }

        return devices;
    }

    /// <summary>Parses <c>sysctl -n hw.memsize</c> (bytes).</summary>
    public static long? ParseMemorySize(string? output) => ToolValues.ParseLong(output);

    /// <summary>"spdisplays_metal3" → "Metal 3"; other values pass through.</summary>
    private static string? MetalSupport(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var match = MetalFamily().Match(raw);
        return match.Success ? $"Metal {match.Groups[1].Value}" : raw;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex Slug();

    [GeneratedRegex(@"^spdisplays_metal(\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex MetalFamily();
}
