using System.Text.Json;
using System.Text.RegularExpressions;

namespace Aitbc.Orleans.Miner.Detection;

/// <summary>
/// Parses <c>rocm-smi ... --json</c>: an object keyed "card0", "card1"… plus a "system" entry. Key names changed across ROCm
/// releases (e.g. "Card series" / "Card Series", "Average Graphics Package Power (W)" / "Current Socket Graphics Package Power (W)",
/// edge vs junction temperature on data-centre parts), so every reading is looked up under each known spelling.
/// </summary>
public static partial class RocmSmiParser
{
    public const string Source = "rocm-smi";

    public static IReadOnlyList<string> Arguments { get; } =
        ["--showproductname", "--showmeminfo", "vram", "--showtemp", "--showpower", "--showuse", "--showbus", "--showuniqueid", "--showdriverversion", "--json"];

    public static IReadOnlyList<DetectedDevice> Parse(string? output)
    {
        var devices = new List<DetectedDevice>();
        using var document = ToolValues.TryParseJsonObject(output);
        if (document is null)
        {
            return devices;
        }

        var root = document.RootElement;
        var driver = root.TryGetProperty("system", out var system) ? ToolValues.FindJsonText(system, "Driver version") : null;

        var cards = root.EnumerateObject()
            .Select(property => (Property: property, Index: CardIndex(property.Name)))
            .Where(card => card.Index is not null && card.Property.Value.ValueKind == JsonValueKind.Object)
            .OrderBy(card => card.Index);

        foreach (var (property, index) in cards)
        {
            var card = property.Value;
            var memoryBytes = ToolValues.ParseLong(ToolValues.FindJsonText(card, "VRAM Total Memory (B)", "vram Total Memory (B)"));
            var name = ProductName(card);
            // A card entry with neither a name nor memory is not something we can offer (e.g. an error object).
            if (name is null && memoryBytes is null)
            {
                continue;
            }

            devices.Add(new DetectedDevice
            {
                Vendor = GpuVendor.Amd,
                Name = name ?? "AMD GPU",
                StableId = ToolValues.FindJsonText(card, "Unique ID", "GUID", "PCI Bus") ?? $"amd-{property.Name}",
                MemoryMb = memoryBytes is { } bytes ? ToolValues.BytesToMb(bytes) : 0,
                Driver = driver ?? ToolValues.FindJsonText(card, "Driver version"),
                ComputeCapability = ToolValues.FindJsonText(card, "GFX Version", "gfx_version"),
                TemperatureC = ToolValues.ParseDouble(ToolValues.FindJsonText(card,
                    "Temperature (Sensor edge) (C)", "Temperature (Sensor junction) (C)", "Temperature (Sensor hotspot) (C)", "Temperature (C)")),
                PowerW = ToolValues.ParseDouble(ToolValues.FindJsonText(card,
                    "Average Graphics Package Power (W)", "Current Socket Graphics Package Power (W)", "Average Socket Graphics Package Power (W)")),
                PowerLimitW = ToolValues.ParseDouble(ToolValues.FindJsonText(card, "Max Graphics Package Power (W)", "Power Cap (W)")),
                UtilisationPercent = ToolValues.ParseDouble(ToolValues.FindJsonText(card, "GPU use (%)", "GPU Use (%)")),
                Source = Source,
            });
        }

        return devices;
    }

    /// <summary>The marketing name: older releases put it in "Card series", newer ones in "Card series" as "Navi 31 [Radeon RX 7900 XTX]" or in "Card model"; bare PCI ids are skipped.</summary>
    private static string? ProductName(JsonElement card)
    {
        string[] candidates = ["Card series", "Device Name", "Card model", "Marketing Name", "Card SKU"];
        foreach (var key in candidates)
        {
            var value = ToolValues.FindJsonText(card, key);
            if (value is not null && !PciIdPattern().IsMatch(value))
            {
                return value;
            }
        }

        return null;
    }

    private static int? CardIndex(string key) =>
        key.StartsWith("card", StringComparison.OrdinalIgnoreCase) && int.TryParse(key.AsSpan(4), out var index) ? index : null;

    [GeneratedRegex("^0x[0-9a-fA-F]+$")]
    private static partial Regex PciIdPattern();
}
