using System.Runtime.InteropServices;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// One device slot and one pooled binding of a model for fixed input shapes, held until disposed. The caller writes
/// (or decodes) the inputs straight into <see cref="Input"/>, runs, and reads, signs or serialises the outputs from
/// <see cref="Output"/>; ONNX Runtime reads and writes those same buffers (pinned host memory on CUDA). Nothing is
/// allocated on the managed heap by a lease of a shape that has run before. Inputs and outputs are in the order of
/// the model's signature. A lease is used by one caller at a time and must be disposed exactly once.
/// </summary>
public readonly struct InferenceLease : IDisposable
{
    private readonly InferenceEngine _engine;
    private readonly ShapeBinding _binding;
    private readonly int _generation;

    internal InferenceLease(InferenceEngine engine, ShapeBinding binding)
    {
        _engine = engine;
        _binding = binding;
        _generation = binding.Generation;
    }

    /// <summary>The provider the model really runs on (CPU when the GPU could not open it).</summary>
    public string Provider => Binding.Owner.Provider;

    public ModelSignature Signature => Binding.Owner.Signature;

    public int InputCount => Binding.InputCount;

    public int OutputCount => Binding.OutputCount;

    /// <summary>True when the runs of this shape replay a captured CUDA graph.</summary>
    public bool UsesCudaGraph => Binding.IsGraph;

    private ShapeBinding Binding => _binding is not null && _binding.Generation == _generation
        ? _binding
        : throw new ObjectDisposedException(nameof(InferenceLease), "The lease was disposed; its buffers belong to another run now.");

    /// <summary>The raw little-endian bytes of input <paramref name="index"/>, to be filled before <see cref="Run"/>.</summary>
    public Span<byte> Input(int index) => Binding.Input(index);

    public Span<T> Input<T>(int index)
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(Binding.Input(index));

    public ReadOnlySpan<long> InputShape(int index) => Binding.Pool.Shapes[index];

    /// <summary>Runs the model on this thread. Cancelling stops ONNX Runtime at its next node and throws OperationCanceledException.</summary>
    public void Run(CancellationToken cancellationToken = default)
    {
        try
        {
            Binding.Run(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _engine.CountCancelled();
            throw;
        }
    }

    /// <summary>The raw bytes of output <paramref name="index"/> of the last run; valid until the next run or Dispose.</summary>
    public ReadOnlySpan<byte> Output(int index) => Binding.Output(index);

    public ReadOnlySpan<T> Output<T>(int index)
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(Binding.Output(index));

    public ReadOnlySpan<long> OutputShape(int index) => Binding.OutputShape(index);

    public TensorElementType OutputType(int index) => Binding.OutputType(index);

    /// <summary>The outputs of the last run as tensors that own a copy of their bytes (a job's result).</summary>
    public Dictionary<string, TensorData> CopyOutputs() => Binding.CopyOutputs();

    /// <summary>Returns the binding to its pool and the slot to the device.</summary>
    public void Dispose()
    {
        if (_binding is not null && _binding.Generation == _generation)
        {
            _engine.Release(_binding);
        }
    }
}
