using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Miner.Inference;

namespace Aitbc.Orleans.Miner.Daemon;

/// <summary>One device the miner offers: its registration, the engine that runs its jobs, and where telemetry comes from.</summary>
public sealed class MinerDevice(GpuRegistration registration, InferenceEngine? engine, Func<GpuTelemetry> telemetry)
{
    public string GpuId => Registration.GpuId;

    public GpuRegistration Registration { get; } = registration;

    /// <summary>Null for a simulated device answering with a synthetic delay.</summary>
    public InferenceEngine? Engine { get; } = engine;

    public Func<GpuTelemetry> Telemetry { get; } = telemetry;
}
