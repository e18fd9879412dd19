using System.Globalization;
using Aitbc.Orleans.Miner.Detection;

namespace Aitbc.Orleans.Miner.Telemetry;

/// <summary>
/// The CPU's readings from procfs and sysfs: utilisation from the change in /proc/stat's jiffies since the previous
/// poll, the package temperature from the first CPU hwmon sensor (coretemp, k10temp, ...), power from the RAPL energy
/// counter where it is readable, memory used (MemTotal - MemAvailable) and the mean core clock from /proc/cpuinfo.
/// Files that are absent (macOS, containers) leave their reading null.
/// </summary>
public sealed class CpuTelemetry(ISystemFileReader files, TimeProvider? time = null) : ITelemetrySource
{
    public const string ProcStat = "/proc/stat";
    public const string HwmonRoot = "/sys/class/hwmon";
    public const string RaplEnergy = "/sys/class/powercap/intel-rapl:0/energy_uj";

    private static readonly string[] CpuSensors = ["coretemp", "k10temp", "zenpower", "cpu_thermal", "soc_thermal", "cpu-thermal"];

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private (long Busy, long Total)? _lastJiffies;
    private (long MicroJoules, long Timestamp)? _lastEnergy;

    public string Name => "procfs";

    public Task<IReadOnlyDictionary<string, DeviceReading>> ReadAsync(CancellationToken cancellationToken)
    {
        var meminfo = files.TryReadText(ProcPaths.MemInfo);
        long? used = ProcInfoParser.MemInfoMb(meminfo, "MemTotal") is { } total && ProcInfoParser.MemInfoMb(meminfo, "MemAvailable") is { } free
            ? total - free
            : null;
        var reading = new DeviceReading(Temperature(), Power(), Utilisation(), used, MeanClockMhz(files.TryReadText(ProcPaths.CpuInfo)), null);
        IReadOnlyDictionary<string, DeviceReading> readings = new Dictionary<string, DeviceReading>(StringComparer.Ordinal)
        {
            [CpuDetector.StableId] = reading,
        };
        return Task.FromResult(readings);
    }

    private double? Utilisation()
    {
        var now = ParseJiffies(files.TryReadText(ProcStat));
        var before = _lastJiffies;
        _lastJiffies = now;
        if (now is not { } n || before is not { } b || n.Total <= b.Total)
        {
            return null;
        }

        return Math.Round(100.0 * (n.Busy - b.Busy) / (n.Total - b.Total), 1);
    }

    /// <summary>The aggregate "cpu" line: busy is everything but idle and iowait.</summary>
    public static (long Busy, long Total)? ParseJiffies(string? stat)
    {
        var line = stat?.Split('\n').FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) ? x : -1).ToArray();
        if (values.Length < 4 || values.Any(v => v < 0))
        {
            return null;
        }

        // user nice system idle iowait irq softirq steal (guest time is already counted in user).
        var total = values.Take(8).Sum();
        var idle = values[3] + (values.Length > 4 ? values[4] : 0);
        return (total - idle, total);
    }

    private double? Temperature()
    {
        foreach (var dir in files.ListDirectories(HwmonRoot, "hwmon*"))
        {
            var name = files.TryReadText(Path.Combine(dir, "name"))?.Trim();
            if (name is not null && CpuSensors.Contains(name, StringComparer.Ordinal)
                && ToolValues.ParseDouble(files.TryReadText(Path.Combine(dir, "temp1_input"))?.Trim()) is { } milli)
            {
                return milli / 1000.0;
            }
        }

        return null;
    }

    private double? Power()
    {
        var energy = ToolValues.ParseLong(files.TryReadText(RaplEnergy)?.Trim());
        var stamp = _time.GetTimestamp();
        var before = _lastEnergy;
        _lastEnergy = energy is { } e ? (e, stamp) : null;
        if (energy is not { } now || before is not { } b || now < b.MicroJoules)
        {
            return null; // first poll, unreadable (root only on most kernels), or the counter wrapped
        }

        var seconds = _time.GetElapsedTime(b.Timestamp, stamp).TotalSeconds;
        return seconds > 0 ? Math.Round((now - b.MicroJoules) / 1e6 / seconds, 1) : null;
    }

    /// <summary>The mean of /proc/cpuinfo's "cpu MHz" lines (x86; ARM kernels do not print them).</summary>
    public static double? MeanClockMhz(string? cpuinfo)
    {
        var clocks = (cpuinfo ?? "").Split('\n')
            .Where(l => l.StartsWith("cpu MHz", StringComparison.Ordinal))
            .Select(l => ToolValues.ParseDouble(l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
            .OfType<double>().ToArray();
        return clocks.Length == 0 ? null : Math.Round(clocks.Average());
    }
}
