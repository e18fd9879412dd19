using Aitbc.Orleans.Miner.Inference;

namespace Aitbc.Orleans.Tests.Miner.Inference;

/// <summary>Builds engines with capturing loggers; one intra-op thread keeps tests polite on small CI machines.</summary>
public static class EngineFactory
{
    public static InferenceEngine Create(
        string deviceHint = ExecutionProviderSelector.Cpu,
        int maxConcurrency = 1,
        CapturingLogger<ExecutionProviderSelector>? selectorLogger = null,
        int intraOpThreads = 1,
        Action<InferenceEngineOptions>? configure = null,
        CapturingLogger<InferenceEngine>? engineLogger = null)
    {
        var options = new InferenceEngineOptions { DeviceHint = deviceHint, MaxConcurrency = maxConcurrency, IntraOpThreads = intraOpThreads };
        configure?.Invoke(options);
        return new InferenceEngine(
            options,
            new ExecutionProviderSelector(selectorLogger ?? new CapturingLogger<ExecutionProviderSelector>()),
            engineLogger ?? new CapturingLogger<InferenceEngine>());
    }
}
