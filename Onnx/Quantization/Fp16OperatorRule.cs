namespace Aitbc.Orleans.Onnx.Quantization;

/// <summary>
/// Which inputs and outputs of an operator carry its floating-point type T (the rest are indices, shapes, axes or
/// masks). Null means all of them.
/// </summary>
internal sealed record Fp16OperatorRule(int[]? FloatInputs, int[]? FloatOutputs)
{
    public static Fp16OperatorRule All { get; } = new(null, null);

    public static Fp16OperatorRule FirstInput { get; } = new([0], null);

    public bool IsFloatInput(int index) => FloatInputs is null || FloatInputs.Contains(index);

    public bool IsFloatOutput(int index) => FloatOutputs is null || FloatOutputs.Contains(index);
}
