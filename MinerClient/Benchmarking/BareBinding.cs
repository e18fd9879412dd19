using System.Runtime.InteropServices;
using Aitbc.Orleans.Miner.Inference;
using Microsoft.ML.OnnxRuntime;

namespace Aitbc.Orleans.Miner.Benchmarking;

/// <summary>One bare IOBinding: input and output tensors allocated and bound once.</summary>
internal sealed class BareBinding : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();
    private readonly List<IDisposable> _owned = [];
    private readonly List<byte[]> _pinnedArrays = []; // referenced here so the GC keeps what ONNX Runtime points into
    private readonly bool _cuda;
    private readonly OrtValue? _hostInput;

    public BareBinding(BareRunner runner, InferenceSession session, BenchmarkModel model, int batch, byte[] input, BareIo io)
    {
        _session = session;
        _cuda = runner.Cuda;
        _binding = session.CreateIoBinding();
        var type = OrtTensorTypes.ToOrt(model.ElementType);
        long[] inputShape = [batch, model.InputWidth];
        long[] outputShape = [batch, model.OutputWidth];
        var outputBytes = batch * model.OutputWidth * (input.Length / (batch * model.InputWidth));
        OrtValue inputValue;
        OrtValue outputValue;
        var pinned = _cuda && io == BareIo.Host ? TryPinnedAllocator(session, runner.DeviceId) : null;
        if (io == BareIo.Host && pinned is null)
        {
            // The CPU provider, or CUDA without its pinned allocator (then plain host memory, which CUDA stages).
            inputValue = HostTensor(type, inputShape, input);
            outputValue = HostTensor(type, outputShape, new byte[outputBytes]);
        }
        else if (pinned is not null)
        {
            Own(pinned);
            inputValue = OrtValue.CreateAllocatedTensorValue(pinned, type, inputShape);
            input.CopyTo(inputValue.GetTensorMutableRawData());
            outputValue = OrtValue.CreateAllocatedTensorValue(pinned, type, outputShape);
        }
        else
        {
            var device = Own(new OrtAllocator(session, new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, runner.DeviceId, OrtMemType.Default)));
            inputValue = OrtValue.CreateAllocatedTensorValue(device, type, inputShape);
            var staging = GC.AllocateArray<byte>(input.Length, pinned: true);
            input.CopyTo(staging, 0);
            CudaRuntime.HostToDevice(runner.DeviceId, Address(inputValue), Marshal.UnsafeAddrOfPinnedArrayElement(staging, 0), input.Length);
            outputValue = OrtValue.CreateAllocatedTensorValue(device, type, outputShape);
        }

        _hostInput = io == BareIo.Host ? inputValue : null;
        Own(inputValue);
        Own(outputValue);
        _binding.BindInput(model.InputName, inputValue);
        _binding.BindOutput(model.OutputName, outputValue);
    }

    /// <summary>The bound input's bytes, to write the next run's input into (host I/O only).</summary>
    public Span<byte> Input => _hostInput is { } value ? value.GetTensorMutableRawData() : throw new InvalidOperationException("The input is in device memory.");

    public void Run()
    {
        _session.RunWithBinding(_runOptions, _binding);
        if (_cuda)
        {
            _binding.SynchronizeBoundOutputs();
        }
    }

    public void Dispose()
    {
        _binding.Dispose();
        _runOptions.Dispose();
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }

    private static OrtAllocator? TryPinnedAllocator(InferenceSession session, int deviceId)
    {
        try
        {
            return new OrtAllocator(session, new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA_PINNED, OrtAllocatorType.DeviceAllocator, deviceId, OrtMemType.CpuOutput));
        }
        catch (OnnxRuntimeException)
        {
            return null;
        }
    }

    private static unsafe IntPtr Address(OrtValue value) =>
        (IntPtr)System.Runtime.CompilerServices.Unsafe.AsPointer(ref MemoryMarshal.GetReference(value.GetTensorMutableRawData()));

    private OrtValue HostTensor(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType type, long[] shape, byte[] contents)
    {
        // A pinned-heap array never moves, so ONNX Runtime may keep its address for the binding's life.
        var buffer = GC.AllocateArray<byte>(contents.Length, pinned: true);
        contents.CopyTo(buffer, 0);
        _pinnedArrays.Add(buffer);
        return OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, type, shape, Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0), buffer.Length);
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
