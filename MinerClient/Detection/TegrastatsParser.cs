using System.Text.RegularExpressions;

namespace Aitbc.Orleans.Miner.Detection;

/// <summary>
/// Parses one line of <c>tegrastats</c>. Formats differ by module: Orin prints "GR3D_FREQ 45%@[305,0] ... gpu@48.5C ...
/// VDD_IN 5000mW/5000mW", Nano/TX prints "GR3D_FREQ 0%@76 ... GPU@23.5C ... POM_5V_IN 1207/1207", Xavier NX "VDD_IN 4543/4543".
/// </summary>
public static partial class TegrastatsParser
{
    public const string Source = "tegrastats";

    // Orin reports -256C for a powered-down GPU rail; anything this cold is a sentinel, not a reading.
    private const double ImplausiblyColdC = -40;

    public static IReadOnlyList<string> Arguments { get; } = ["--interval", "500"];

    /// <summary>The first line that looks like tegrastats output, or null.</summary>
    public static TegrastatsSample? ParseFirst(string? output)
    {
        if (string.IsNullOrWhiteSpace(output))
        {
            return null;
        }

        foreach (var line in output.Split('\n'))
        {
            if (ParseLine(line) is { } sample)
            {
                return sample;
            }
        }

        return null;
    }

    public static TegrastatsSample? ParseLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        var ram = Ram().Match(line);
        var utilisation = Gr3d().Match(line);
        if (!ram.Success && !utilisation.Success)
        {
            return null;
        }

        double? temperature = GpuTemperature().Match(line) is { Success: true } temp ? ToolValues.ParseDouble(temp.Groups[1].Value) : null;
        if (temperature < ImplausiblyColdC)
        {
            temperature = null;
        }

        double? powerW = BoardPower().Match(line) is { Success: true } power && ToolValues.ParseDouble(power.Groups[1].Value) is { } milliwatts
            ? milliwatts / 1000.0
            : null;

        return new TegrastatsSample(
            ram.Success ? ToolValues.ParseLong(ram.Groups[1].Value) : null,
            ram.Success ? ToolValues.ParseLong(ram.Groups[2].Value) : null,
            utilisation.Success ? ToolValues.ParseDouble(utilisation.Groups[1].Value) : null,
            temperature,
            powerW);
    }

    [GeneratedRegex(@"\bRAM\s+(\d+)/(\d+)MB")]
    private static partial Regex Ram();

    [GeneratedRegex(@"\bGR3D_FREQ\s+(\d+(?:\.\d+)?)%")]
    private static partial Regex Gr3d();

    [GeneratedRegex(@"\bgpu@(-?\d+(?:\.\d+)?)C", RegexOptions.IgnoreCase)]
    private static partial Regex GpuTemperature();

    /// <summary>Whole-module input rail: VDD_IN on Orin/Xavier NX, POM_5V_IN on Nano/TX. Values are milliwatts, with or without the unit.</summary>
    [GeneratedRegex(@"\b(?:VDD_IN|POM_5V_IN)\s+(\d+(?:\.\d+)?)(?:mW)?/")]
    private static partial Regex BoardPower();
}
