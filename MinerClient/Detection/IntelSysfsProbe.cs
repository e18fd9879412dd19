using System.Text.RegularExpressions;

namespace Aitbc.Orleans.Miner.Detection;

/// <summary>
/// Finds Intel GPUs through /sys/class/drm when xpu-smi is not installed (the usual case on consumer Arc machines).
/// Local memory is read from the xe/i915 files that expose it; a GPU with none of them is taken to be integrated.
/// </summary>
public static partial class IntelSysfsProbe
{
    public const string Source = "sysfs";
    public const string DefaultDrmRoot = "/sys/class/drm";
    private const long IntelVendorId = 0x8086;

    /// <summary>Files, relative to the card directory, that hold local memory size in bytes on some kernel/driver versions.</summary>
    private static readonly string[] LocalMemoryFiles =
    [
        "device/tile0/vram0/physical_vram_size_bytes",
        "device/tile0/vram0/io_size",
        "lmem_total_bytes",
    ];

    public static IReadOnlyList<DetectedDevice> Probe(ISystemFileReader files, string drmRoot = DefaultDrmRoot)
    {
        var devices = new List<DetectedDevice>();
        var seenSlots = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cardDirectory in files.ListDirectories(drmRoot, "card*"))
        {
            // "card0-HDMI-A-1" and friends are connectors of a card, not cards.
            if (!CardName().IsMatch(Path.GetFileName(cardDirectory)))
            {
                continue;
            }

            if (ToolValues.ParseHexOrDecimal(files.TryReadText($"{cardDirectory}/device/vendor")) != IntelVendorId
                || ToolValues.ParseHexOrDecimal(files.TryReadText($"{cardDirectory}/device/device")) is not { } deviceId)
            {
                continue;
            }

            var uevent = ParseUevent(files.TryReadText($"{cardDirectory}/device/uevent"));
            var slot = uevent.GetValueOrDefault("PCI_SLOT_NAME");
            if (slot is not null && !seenSlots.Add(slot))
            {
                continue;
            }

            var memoryBytes = LocalMemoryFiles
                .Select(file => ToolValues.ParseHexOrDecimal(files.TryReadText($"{cardDirectory}/{file}")))
                .FirstOrDefault(bytes => bytes is > 0);
            var discrete = memoryBytes is not null || IntelDeviceNames.IsKnownDiscrete(deviceId);

            devices.Add(new DetectedDevice
            {
                Vendor = GpuVendor.Intel,
                Name = IntelDeviceNames.NameFor(deviceId),
                StableId = slot ?? $"intel-{Path.GetFileName(cardDirectory)}",
                MemoryMb = memoryBytes is { } bytes ? ToolValues.BytesToMb(bytes) : 0,
                UnifiedMemory = !discrete,
                Driver = uevent.GetValueOrDefault("DRIVER"),
                Source = Source,
            });
        }

        return devices;
    }

    private static Dictionary<string, string> ParseUevent(string? text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[line[..equals]] = line[(equals + 1)..];
            }
        }

        return values;
    }

    [GeneratedRegex(@"^card\d+$")]
    private static partial Regex CardName();
}
