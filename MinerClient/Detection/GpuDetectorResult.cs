namespace Aitbc.Orleans.Miner.Detection;

/// <summary>What a detector found, or why it found nothing (for a one-time debug log).</summary>
public sealed record GpuDetectorResult(IReadOnlyList<DetectedDevice> Devices, string? WhyNone)
{
    public static GpuDetectorResult None(string whyNone) => new([], whyNone);

    public static GpuDetectorResult From(IReadOnlyList<DetectedDevice> devices, string whyNoneIfEmpty) =>
        devices.Count > 0 ? new(devices, null) : None(whyNoneIfEmpty);
}
