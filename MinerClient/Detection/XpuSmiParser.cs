using System.Text.Json;

namespace Aitbc.Orleans.Miner.Detection;

/// <summary>
/// Parses <c>xpu-smi discovery -j</c> (a "device_list" array) and the per-device <c>xpu-smi discovery -d N -j</c> object,
/// which is the one that carries memory size and driver version. Values arrive as strings or numbers depending on the release.
/// </summary>
public static class XpuSmiParser
{
    public const string Source = "xpu-smi";

    public static IReadOnlyList<string> ListArguments { get; } = ["discovery", "-j"];

    public static IReadOnlyList<string> DetailArguments(int deviceId) => ["discovery", "-d", deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture), "-j"];

    /// <summary>Devices in a discovery listing; entries that are not GPUs or have no name are skipped.</summary>
    public static IReadOnlyList<XpuSmiDevice> ParseList(string? output)
    {
        var devices = new List<XpuSmiDevice>();
        using var document = ToolValues.TryParseJsonObject(output);
        if (document is null
            || !document.RootElement.TryGetProperty("device_list", out var list)
            || list.ValueKind != JsonValueKind.Array)
        {
            return devices;
        }

        foreach (var entry in list.EnumerateArray())
        {
            if (ReadDevice(entry, devices.Count) is { } device)
            {
                devices.Add(device);
            }
        }

        return devices;
    }

    /// <summary>The single device described by <c>discovery -d N -j</c>, or null when the output is not one.</summary>
    public static XpuSmiDevice? ParseDetail(string? output, int fallbackId)
    {
        using var document = ToolValues.TryParseJsonObject(output);
        return document is null ? null : ReadDevice(document.RootElement, fallbackId);
    }

    private static XpuSmiDevice? ReadDevice(JsonElement entry, int fallbackId)
    {
        var name = ToolValues.FindJsonText(entry, "device_name");
        var type = ToolValues.FindJsonText(entry, "device_type");
        if (name is null || (type is not null && !type.Equals("GPU", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var id = ToolValues.ParseLong(ToolValues.FindJsonText(entry, "device_id")) is { } parsed ? (int)parsed : fallbackId;
        var memoryBytes = ToolValues.ParseLong(ToolValues.FindJsonText(entry, "memory_physical_size_byte"));
        var device = new DetectedDevice
        {
            Vendor = GpuVendor.Intel,
            Name = name,
            StableId = ToolValues.FindJsonText(entry, "uuid", "pci_bdf_address") ?? $"intel-{id}",
            MemoryMb = memoryBytes is { } bytes ? ToolValues.BytesToMb(bytes) : 0,
            Driver = ToolValues.FindJsonText(entry, "driver_version", "kernel_version"),
            Cores = ToolValues.ParseLong(ToolValues.FindJsonText(entry, "number_of_eus")) is { } eus ? (int)eus : null,
            Source = Source,
        };
        return new XpuSmiDevice(id, device, memoryBytes is not null);
    }
}
