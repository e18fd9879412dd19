using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Miner.Benchmarking;

/// <summary>
/// A model the engine benchmarks run: one input [batch, InputWidth] and one output [batch, OutputWidth] of
/// <paramref name="ElementType"/>, and the multiply-add work per batch row (2 FLOPs per weight) for TFLOP/s figures.
/// </summary>
public sealed record BenchmarkModel(
    string Name,
    string Precision,
    byte[] Bytes,
    string InputName,
    int InputWidth,
    string OutputName,
    int OutputWidth,
    TensorElementType ElementType,
    double FlopsPerRow)
{
    public override string ToString() => $"{Name} {Precision} ({Bytes.Length:N0} bytes)";
}
