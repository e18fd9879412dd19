using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Miner.Inference;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>
/// One device the miner offers: its registration, the engine that runs its jobs, where telemetry comes from, and the
/// driver the detection found (declared in the rig's attestation).
/// </summary>
public sealed class MinerDevice(GpuRegistration registration, InferenceEngine? engine, Func<GpuTelemetry> telemetry, string? driver = null)
{
    public string GpuId => Registration.GpuId;

    /// <summary>The device's stable id as detection reported it (the GPU UUID where the tool has one): the GPU id after "{miner}:".</summary>
    public string Uuid => GpuId[(GpuId.IndexOf(':', StringComparison.Ordinal) + 1)..];

    public GpuRegistration Registration { get; } = registration;

    /// <summary>Null for a simulated device answering with a synthetic delay.</summary>
    public InferenceEngine? Engine { get; } = engine;

    public Func<GpuTelemetry> Telemetry { get; } = telemetry;

    /// <summary>The driver version the vendor tool reported; null for the CPU and simulated devices.</summary>
    public string? Driver { get; } = driver;
}
