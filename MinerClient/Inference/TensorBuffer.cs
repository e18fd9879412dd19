using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Aitbc.Orleans.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// One tensor's memory and the ONNX Runtime value over it, allocated once and reused run after run: 64-byte aligned
/// native memory on the CPU, or memory from a session allocator (CUDA pinned host memory, which the GPU copies by
/// DMA without staging, or device memory). Callers read and write host memory in place through <see cref="Bytes"/>.
/// </summary>
internal sealed unsafe class TensorBuffer : IDisposable
{
    private const nuint Alignment = 64;

    private void* _native;

    private TensorBuffer(TensorElementType elementType, long[] shape, long byteLength, OrtValue value, IntPtr pointer, bool hostAccessible, void* native)
    {
        ElementType = elementType;
        Shape = shape;
        ByteLength = byteLength;
        Value = value;
        Pointer = pointer;
        IsHostAccessible = hostAccessible;
        _native = native;
    }

    public TensorElementType ElementType { get; }

    public long[] Shape { get; }

    public long ByteLength { get; }

    public IntPtr Pointer { get; }

    /// <summary>False for device memory, which only the GPU (or a copy) can touch.</summary>
    public bool IsHostAccessible { get; }

    public OrtValue Value { get; }

    public Span<byte> Bytes => IsHostAccessible
        ? new Span<byte>((void*)Pointer, checked((int)ByteLength))
        : throw new InvalidOperationException("Device memory is not readable from the host.");

    /// <summary>Plain host memory for the CPU provider.</summary>
    public static TensorBuffer AllocateHost(TensorElementType elementType, long[] shape)
    {
        var bytes = ByteLengthOf(elementType, shape);
        var native = NativeMemory.AlignedAlloc((nuint)Math.Max(bytes, 1), Alignment);
        try
        {
            var value = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, OrtTensorTypes.ToOrt(elementType), shape, (IntPtr)native, bytes);
            return new TensorBuffer(elementType, shape, bytes, value, (IntPtr)native, true, native);
        }
        catch
        {
            NativeMemory.AlignedFree(native);
            throw;
        }
    }

    /// <summary>Memory from a session allocator: CUDA pinned host memory (host accessible) or device memory (not).</summary>
    public static TensorBuffer Allocate(OrtAllocator allocator, TensorElementType elementType, long[] shape, bool hostAccessible)
    {
        var bytes = ByteLengthOf(elementType, shape);
        var value = OrtValue.CreateAllocatedTensorValue(allocator, OrtTensorTypes.ToOrt(elementType), shape);
        // The span only carries the address here: device memory is never dereferenced from the host.
        var pointer = (IntPtr)Unsafe.AsPointer(ref MemoryMarshal.GetReference(value.GetTensorMutableRawData()));
        return new TensorBuffer(elementType, shape, bytes, value, pointer, hostAccessible, null);
    }

    public static long ByteLengthOf(TensorElementType elementType, ReadOnlySpan<long> shape) =>
        TensorData.TryGetElementCount(shape, out var count)
            ? checked(count * elementType.SizeInBytes())
            : throw new ArgumentException($"Shape {TensorData.FormatShape(shape.ToArray())} has no element count.", nameof(shape));

    public void Dispose()
    {
        Value.Dispose();
        if (_native is not null)
        {
            NativeMemory.AlignedFree(_native);
            _native = null;
        }
    }
}
