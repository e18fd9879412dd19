using System.Globalization;

namespace Aitbc.Orleans.Miner.Detection;

/// <summary>Parses /proc/cpuinfo and /proc/meminfo.</summary>
public static class ProcInfoParser
{
    /// <summary>The CPU's name: "model name" on x86, falling back to the fields ARM kernels use.</summary>
    public static string? CpuModelName(string? cpuinfo)
    {
        if (cpuinfo is null)
        {
            return null;
        }

        string[] keys = ["model name", "Model", "Hardware", "cpu model", "Processor"];
        var fields = cpuinfo.Split('\n')
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .Select(parts => (Key: parts[0].Trim(), Value: parts[1].Trim()))
            // x86 also has "processor : 0"; a bare number is an index, not a name.
            .Where(field => field.Value.Length > 0 && !field.Value.All(char.IsAsciiDigit))
            .ToList();
        foreach (var key in keys)
        {
            foreach (var field in fields)
            {
                if (field.Key.Equals(key, StringComparison.OrdinalIgnoreCase))
                {
                    return field.Value;
                }
            }
        }

        return null;
    }

    /// <summary>MemTotal from /proc/meminfo in MB (the file reports kB).</summary>
    public static long? MemTotalMb(string? meminfo) => MemInfoMb(meminfo, "MemTotal");

    /// <summary>One "Key:   N kB" line of /proc/meminfo in MB, or null when it is missing.</summary>
    public static long? MemInfoMb(string? meminfo, string key)
    {
        if (meminfo is null)
        {
            return null;
        }

        var prefix = key + ":";
        foreach (var line in meminfo.Split('\n'))
        {
            if (!line.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var value = line[prefix.Length..].Trim();
            var number = value.EndsWith("kB", StringComparison.Ordinal) ? value[..^2].Trim() : value;
            return long.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kilobytes) ? kilobytes / 1024 : null;
        }

        return null;
    }
}
