namespace Aitbc.Orleans.Miner.Detection;

/// <summary>
/// Parses <c>nvidia-smi --query-gpu=... --format=csv,noheader,nounits</c>: one comma-separated line per GPU, "[N/A]" for
/// readings the board does not expose (common for power on laptop GPUs).
/// </summary>
public static class NvidiaSmiParser
{
    public const string Source = "nvidia-smi";

    /// <summary>The query, in the order <see cref="Parse"/> expects the columns.</summary>
    public static IReadOnlyList<string> QueryFields { get; } =
        ["name", "uuid", "memory.total", "driver_version", "compute_cap", "temperature.gpu", "power.draw", "power.limit", "utilization.gpu"];

    /// <summary>The same query without compute_cap, which drivers older than 510 reject as an unknown field.</summary>
    public static IReadOnlyList<string> LegacyQueryFields { get; } =
        ["name", "uuid", "memory.total", "driver_version", "temperature.gpu", "power.draw", "power.limit", "utilization.gpu"];

    public static IReadOnlyList<string> Arguments(bool legacy) =>
        [$"--query-gpu={string.Join(',', legacy ? LegacyQueryFields : QueryFields)}", "--format=csv,noheader,nounits"];

    /// <summary>Devices from the output; lines that do not have the expected shape are skipped.</summary>
    public static IReadOnlyList<DetectedDevice> Parse(string? output, bool legacy = false)
    {
        var fields = legacy ? LegacyQueryFields : QueryFields;
        var devices = new List<DetectedDevice>();
        if (string.IsNullOrWhiteSpace(output))
        {
            return devices;
        }

        foreach (var rawLine in output.Split('\n'))
        {
            var columns = rawLine.Split(',');
            if (columns.Length != fields.Count)
            {
                continue;
            }

            string Column(string field) => columns[IndexOf(fields, field)].Trim();

            var name = Column("name");
            var memoryText = Column("memory.total");
            var memoryMb = ToolValues.ParseLong(memoryText);
            // A value that is neither a number nor a placeholder means this is not a query line (an error message with commas, say).
            if (ToolValues.IsPlaceholder(name) || (memoryMb is null && !ToolValues.IsPlaceholder(memoryText)))
            {
                continue;
            }

            var uuid = Column("uuid");
            devices.Add(new DetectedDevice
            {
                Vendor = GpuVendor.Nvidia,
                Name = name,
                StableId = ToolValues.IsPlaceholder(uuid) ? $"nvidia-{devices.Count}" : uuid,
                MemoryMb = memoryMb ?? 0,
                Driver = NullIfPlaceholder(Column("driver_version")),
                ComputeCapability = legacy ? null : NullIfPlaceholder(Column("compute_cap")),
                TemperatureC = ToolValues.ParseDouble(Column("temperature.gpu")),
                PowerW = ToolValues.ParseDouble(Column("power.draw")),
                PowerLimitW = ToolValues.ParseDouble(Column("power.limit")),
                UtilisationPercent = ToolValues.ParseDouble(Column("utilization.gpu")),
                Source = Source,
            });
        }

        return devices;
    }

    private static int IndexOf(IReadOnlyList<string> fields, string field)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i] == field)
            {
                return i;
            }
        }

        throw new ArgumentException($"Unknown field {field}.", nameof(field));
    }

    private static string? NullIfPlaceholder(string value) => ToolValues.IsPlaceholder(value) ? null : value;
}
