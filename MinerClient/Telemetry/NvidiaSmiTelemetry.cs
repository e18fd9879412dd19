using Aitbc.Orleans.Miner.Detection;

namespace Aitbc.Orleans.Miner.Telemetry;

/// <summary>
/// NVIDIA readings from one <c>nvidia-smi --query-gpu=... --format=csv,noheader,nounits</c> per poll, every GPU in
/// one call. Devices are matched by UUID, as detection named them ("nvidia-N" where the UUID is not shown).
/// </summary>
public sealed class NvidiaSmiTelemetry(IProcessRunner runner, TimeSpan toolTimeout) : ITelemetrySource
{
    public static IReadOnlyList<string> QueryFields { get; } =
        ["uuid", "temperature.gpu", "power.draw", "utilization.gpu", "memory.used", "clocks.sm", "clocks.mem"];

    public static IReadOnlyList<string> Arguments { get; } =
        [$"--query-gpu={string.Join(',', QueryFields)}", "--format=csv,noheader,nounits"];

    public string Name => NvidiaSmiDetector.Tool;

    public async Task<IReadOnlyDictionary<string, DeviceReading>> ReadAsync(CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(NvidiaSmiDetector.Tool, Arguments, toolTimeout, cancellationToken);
        return result.Succeeded ? Parse(result.StandardOutput) : new Dictionary<string, DeviceReading>();
    }

    /// <summary>One reading per well-formed line; "[N/A]" and unparsable values are null.</summary>
    public static IReadOnlyDictionary<string, DeviceReading> Parse(string? output)
    {
        var readings = new Dictionary<string, DeviceReading>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(output))
        {
            return readings;
        }

        var index = 0;
        foreach (var line in output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var c = line.Split(',', StringSplitOptions.TrimEntries);
            if (c.Length != QueryFields.Count)
            {
                continue;
            }

            var id = ToolValues.IsPlaceholder(c[0]) ? $"nvidia-{index}" : c[0];
            index++;
            readings[id] = new DeviceReading(
                ToolValues.ParseDouble(c[1]), ToolValues.ParseDouble(c[2]), ToolValues.ParseDouble(c[3]),
                ToolValues.ParseLong(c[4]), ToolValues.ParseDouble(c[5]), ToolValues.ParseDouble(c[6]));
        }

        return readings;
    }
}
