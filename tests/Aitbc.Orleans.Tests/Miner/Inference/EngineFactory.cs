using Aitbc.Orleans.Miner.Inference;

namespace Aitbc.Orleans.Tests.Miner.Inference;

/// <summary>Builds engines with capturing loggers; one intra-op thread keeps tests polite on small CI machines.</summary>
public static class EngineFactory
{
    public static InferenceEngine Create(
        string deviceHint = ExecutionProviderSelector.Cpu,
        int maxConcurrency = 1,
        CapturingLogger<ExecutionProviderSelector>? selectorLogger = null,
        int intraOpThreads = 1) =>
        new(
            new InferenceEngineOptions { DeviceHint = deviceHint, MaxConcurrency = maxConcurrency, IntraOpThreads = intraOpThreads },
            new ExecutionProviderSelector(selectorLogger ?? new CapturingLogger<ExecutionProviderSelector>()),
            new CapturingLogger<InferenceEngine>());
}
