namespace Aitbc.Orleans.Miner.Detection;

/// <summary>The readings taken from one tegrastats line; each is null when the line lacks it.</summary>
public sealed record TegrastatsSample(
    long? RamUsedMb,
    long? RamTotalMb,
    double? GpuUtilisationPercent,
    double? GpuTemperatureC,
    double? BoardPowerW);
