using System.Runtime.InteropServices;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// The two CUDA runtime calls the engine makes itself: copies between pinned host buffers and device buffers for
/// CUDA-graph runs, whose inputs and outputs must stay at fixed device addresses. The library is the one ONNX
/// Runtime's CUDA provider already loaded, so this binds to the same runtime and context.
/// </summary>
internal static unsafe class CudaRuntime
{
    private const int HostToDeviceKind = 1;
    private const int DeviceToHostKind = 2;

    private static readonly string[] LibraryNames = OperatingSystem.IsWindows()
        ? ["cudart64_13.dll", "cudart64_12.dll"]
        : ["libcudart.so.13", "libcudart.so.12", "libcudart.so"];

    private static readonly Lazy<Api?> Loaded = new(Load);

    public static bool IsAvailable => Loaded.Value is not null;

    public static void HostToDevice(int deviceId, IntPtr device, IntPtr host, long bytes) => Copy(deviceId, device, host, bytes, HostToDeviceKind);

    public static void DeviceToHost(int deviceId, IntPtr host, IntPtr device, long bytes) => Copy(deviceId, host, device, bytes, DeviceToHostKind);

    private static void Copy(int deviceId, IntPtr destination, IntPtr source, long bytes, int kind)
    {
        var api = Loaded.Value ?? throw new InvalidOperationException("The CUDA runtime library is not loaded.");
        Check(api.SetDevice(deviceId), "cudaSetDevice");
        Check(api.Memcpy(destination, source, (nuint)bytes, kind), "cudaMemcpy");
    }

    private static void Check(int status, string call)
    {
        if (status != 0)
        {
            throw new InvalidOperationException($"{call} failed with CUDA error {status}.");
        }
    }

    private static Api? Load()
    {
        foreach (var name in LibraryNames)
        {
            if (NativeLibrary.TryLoad(name, out var handle)
                && NativeLibrary.TryGetExport(handle, "cudaMemcpy", out var memcpy)
                && NativeLibrary.TryGetExport(handle, "cudaSetDevice", out var setDevice))
            {
                return new Api(
                    (delegate* unmanaged<IntPtr, IntPtr, nuint, int, int>)memcpy,
                    (delegate* unmanaged<int, int>)setDevice);
            }
        }

        return null;
    }

    private sealed class Api(delegate* unmanaged<IntPtr, IntPtr, nuint, int, int> memcpy, delegate* unmanaged<int, int> setDevice)
    {
        public int Memcpy(IntPtr destination, IntPtr source, nuint bytes, int kind) => memcpy(destination, source, bytes, kind);

        public int SetDevice(int deviceId) => setDevice(deviceId);
    }
}
