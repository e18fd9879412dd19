using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Onnx.Building;

/// <summary>A generated challenge: the model and input sent to the GPU, the work it represents, and the rows the cluster checks with their answers.</summary>
public sealed record HardwareChallengeSpec(
    DemoMlp Model,
    TensorData Input,
    int Batch,
    double Flops,
    IReadOnlyList<int> CheckedRows,
    IReadOnlyList<float[]> ExpectedRows);
