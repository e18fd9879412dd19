using Aitbc.Orleans.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// One ONNX Runtime session of a model, with the allocators its bound buffers come from. On CUDA those are pinned
/// host memory (inputs and outputs the GPU copies by DMA) and, for CUDA graphs, device memory; on the CPU, aligned
/// native memory. A GPU engine keeps several replicas of a model so that concurrent runs use separate streams.
/// </summary>
internal sealed class SessionReplica : IDisposable
{
    private int _graphIds;

    public SessionReplica(InferenceSession session, int index, bool cuda, int deviceId, bool cudaGraphs)
    {
        Session = session;
        Index = index;
        DeviceId = deviceId;
        if (!cuda)
        {
            HostInfo = OrtMemoryInfo.DefaultInstance;
            return;
        }

        // The CUDA provider registers both allocators with the session; a build or driver without them leaves the
        // buffers in plain host memory, which is correct, only slower to copy.
        var pinnedInfo = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA_PINNED, OrtAllocatorType.DeviceAllocator, deviceId, OrtMemType.CpuOutput);
        Pinned = TryCreate(session, pinnedInfo, out var pinnedError);
        HostInfo = Pinned is null ? OrtMemoryInfo.DefaultInstance : pinnedInfo;
        AllocatorProblem = pinnedError;
        if (cudaGraphs)
        {
            var deviceInfo = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, deviceId, OrtMemType.Default);
            Device = TryCreate(session, deviceInfo, out var deviceError);
            AllocatorProblem ??= deviceError ?? (CudaRuntime.IsAvailable ? null : "the CUDA runtime library did not load");
        }
    }

    public InferenceSession Session { get; }

    public int Index { get; }

    public int DeviceId { get; }

    /// <summary>CUDA pinned host memory, when the provider is CUDA and its allocator is there.</summary>
    public OrtAllocator? Pinned { get; }

    /// <summary>CUDA device memory, only for CUDA-graph sessions.</summary>
    public OrtAllocator? Device { get; }

    /// <summary>Where ONNX Runtime puts outputs whose shapes are not known before the run.</summary>
    public OrtMemoryInfo HostInfo { get; }

    /// <summary>Why pinned or device buffers are unavailable, for one log line; null when all is well.</summary>
    public string? AllocatorProblem { get; }

    /// <summary>CUDA graphs need device buffers at fixed addresses and the runtime to copy into them.</summary>
    public bool CanCaptureGraphs => Device is not null && Pinned is not null && CudaRuntime.IsAvailable;

    public TensorBuffer AllocateHost(TensorElementType type, long[] shape) =>
        Pinned is null ? TensorBuffer.AllocateHost(type, shape) : TensorBuffer.Allocate(Pinned, type, shape, hostAccessible: true);

    public TensorBuffer AllocateDevice(TensorElementType type, long[] shape) =>
        TensorBuffer.Allocate(Device ?? throw new InvalidOperationException("No device allocator."), type, shape, hostAccessible: false);

    /// <summary>ONNX Runtime numbers CUDA graphs per session; each fixed shape gets its own.</summary>
    public int NextGraphId() => Interlocked.Increment(ref _graphIds);

    public void Dispose()
    {
        Pinned?.Dispose();
        Device?.Dispose();
        Session.Dispose();
    }

    private static OrtAllocator? TryCreate(InferenceSession session, OrtMemoryInfo info, out string? problem)
    {
        try
        {
            problem = null;
            return new OrtAllocator(session, info);
        }
        catch (OnnxRuntimeException ex)
        {
            problem = $"{info.Name} allocator unavailable: {ex.Message}";
            return null;
        }
    }
}
