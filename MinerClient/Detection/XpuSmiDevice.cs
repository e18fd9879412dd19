namespace Aitbc.Orleans.Miner.Detection;

/// <summary>A device from xpu-smi with the id needed to ask for its details, and whether the listing already gave its memory.</summary>
public sealed record XpuSmiDevice(int DeviceId, DetectedDevice Device, bool HasMemorySize);
