namespace Aitbc.Orleans.Miner.Inference;

/// <summary>What an engine imposes on each of its loaded sessions.</summary>
/// <param name="MaxOutputBytes">Cap on the bytes of all outputs of one run.</param>
/// <param name="MaxShapes">Input shapes whose bindings are pooled per session.</param>
/// <param name="GraphGate">The device-wide gate of CUDA-graph runs, or null when CUDA graphs are off.</param>
internal sealed record LoadedSessionLimits(long MaxOutputBytes, int MaxShapes, Lock? GraphGate);
