using Aitbc.Orleans.Benchmarks.Reporting;

namespace Aitbc.Orleans.Benchmarks.Scenarios;

/// <summary>
/// (7) Inference overhead: end-to-end job latency minus the bare ONNX Runtime Run time for the demo model on the CPU,
/// over loopback. A stub until the miner daemon and the gateway are complete: "not yet available", no number.
/// </summary>
/// <remarks>
/// To fill in (the lead): baseline = the bare InferenceEngine run of the demo model (MinerClient/Inference,
/// DemoModels) on the CPU execution provider, p50 over ~1000 runs after warm-up, in this process. Then the same model
/// as a job: gateway (loopback HTTP) → router → miner daemon (its real observer over a loopback cluster client) →
/// ONNX Runtime → signed result → job completion, p50/p99 over the same inputs, one outstanding job at a time.
/// Report overhead = end-to-end p50 − bare p50 (ms) and the ratio end-to-end / bare.
/// </remarks>
public sealed class InferenceOverheadScenario : IScenario
{
    public string Name => "inference";

    public string Description => "(7) end-to-end job latency minus bare ONNX Runtime time, demo model on CPU (stub: not yet available)";

    public Task RunAsync(ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Log("inference: not yet available (needs the miner daemon and the gateway)");
        context.Report.Add(ResultRow.NotAvailable("7 inference overhead", "job latency − bare ONNX Runtime Run", "not yet available: needs the miner daemon and the gateway"));
        return Task.CompletedTask;
    }
}
