using System.Text.Json;

namespace Aitbc.Orleans.Fleet.Profiles;

/// <summary>Reads gpu-profiles.json; every field is required so a typo in the data fails at start, not at scheduling time.</summary>
internal static class GpuProfileJson
{
    public static (List<GpuProfile> Profiles, string Sources, Dictionary<string, string> Conventions) Read(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;

        var header = Required(root, "header", "document");
        var sources = Required(header, "sources", "header").GetString() ?? "";
        var conventions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (header.TryGetProperty("conventions", out var conventionsElement))
        {
            foreach (var property in conventionsElement.EnumerateObject())
            {
                conventions[property.Name] = property.Value.GetString() ?? "";
            }
        }

        var profiles = new List<GpuProfile>();
        foreach (var entry in Required(root, "profiles", "document").EnumerateArray())
        {
            profiles.Add(ReadProfile(entry));
        }
        return (profiles, sources, conventions);
    }

    private static GpuProfile ReadProfile(JsonElement entry)
    {
        var name = Required(entry, "name", "profile").GetString();
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidDataException("A GPU profile has an empty name.");
        }
        var context = $"profile '{name}'";
        return new GpuProfile
        {
            Vendor = ParseVendor(Text(entry, "vendor", context), context),
            Name = name,
            Aliases = [.. Required(entry, "aliases", context).EnumerateArray().Select(a => a.GetString() ?? "")],
            Architecture = Text(entry, "architecture", context),
            Class = ParseClass(Text(entry, "class", context), context),
            VramGb = Number(entry, "vramGb", context),
            UnifiedMemory = Required(entry, "unifiedMemory", context).GetBoolean(),
            MemoryBandwidthGBps = Number(entry, "memoryBandwidthGBps", context),
            Fp32Tflops = Number(entry, "fp32Tflops", context),
            Fp16Tflops = Number(entry, "fp16Tflops", context),
            Int8Tops = Number(entry, "int8Tops", context),
            TdpWatts = Number(entry, "tdpWatts", context),
            ReleaseYear = Required(entry, "releaseYear", context).GetInt32(),
            ComputeApi = ParseApi(Text(entry, "computeApi", context), context),
            ComputeLevel = Text(entry, "computeLevel", context),
            IsKnown = true,
        };
    }

    private static JsonElement Required(JsonElement element, string property, string context) =>
        element.TryGetProperty(property, out var value)
            ? value
            : throw new InvalidDataException($"GPU catalogue: {context} lacks '{property}'.");

    private static string Text(JsonElement element, string property, string context) =>
        Required(element, property, context).GetString() ?? "";

    private static double Number(JsonElement element, string property, string context) =>
        Required(element, property, context).GetDouble();

    private static GpuVendor ParseVendor(string value, string context) => value.ToLowerInvariant() switch
    {
        "nvidia" => GpuVendor.Nvidia,
        "amd" => GpuVendor.Amd,
        "intel" => GpuVendor.Intel,
        "apple" => GpuVendor.Apple,
        _ => throw new InvalidDataException($"GPU catalogue: {context} has unknown vendor '{value}'."),
    };

    private static GpuClass ParseClass(string value, string context) => value.ToLowerInvariant() switch
    {
        "desktop" => GpuClass.Desktop,
        "laptop" => GpuClass.Laptop,
        "embedded" => GpuClass.Embedded,
        "integrated" => GpuClass.Integrated,
        "datacenter" => GpuClass.Datacenter,
        _ => throw new InvalidDataException($"GPU catalogue: {context} has unknown class '{value}'."),
    };

    private static ComputeApi ParseApi(string value, string context) => value.ToLowerInvariant() switch
    {
        "cuda" => ComputeApi.Cuda,
        "rocm" => ComputeApi.Rocm,
        "metal" => ComputeApi.Metal,
        "levelzero" => ComputeApi.LevelZero,
        "vulkan" => ComputeApi.Vulkan,
        _ => throw new InvalidDataException($"GPU catalogue: {context} has unknown compute API '{value}'."),
    };
}
