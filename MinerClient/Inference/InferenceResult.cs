using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>Outputs of one run, the provider that actually ran it, and its timings.</summary>
public sealed record InferenceResult(
    IReadOnlyDictionary<string, TensorData> Outputs,
    string Provider,
    InferenceTimings Timings,
    bool SessionCacheHit);
