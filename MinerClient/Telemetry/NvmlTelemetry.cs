using System.Runtime.InteropServices;
using System.Text;

namespace Aitbc.Orleans.Miner.Telemetry;

/// <summary>
/// NVIDIA readings straight from NVML (libnvidia-ml.so.1 / nvml.dll, installed with the driver): no process per poll,
/// so polling costs microseconds instead of an nvidia-smi start-up. Used where the library loads and initialises;
/// otherwise the miner polls nvidia-smi. Devices are keyed by UUID, as nvidia-smi and detection name them. A call that
/// fails leaves that reading null.
/// </summary>
public sealed unsafe class NvmlTelemetry : ITelemetrySource, IDisposable
{
    private const int Success = 0;
    private const uint TemperatureGpu = 0;
    private const uint ClockSm = 1;
    private const uint ClockMem = 2;
    private const int UuidBufferSize = 96;

    private readonly nint _library;
    private readonly delegate* unmanaged<uint*, int> _getCount;
    private readonly delegate* unmanaged<uint, nint*, int> _getHandle;
    private readonly delegate* unmanaged<nint, byte*, uint, int> _getUuid;
    private readonly delegate* unmanaged<nint, uint, uint*, int> _getTemperature;
    private readonly delegate* unmanaged<nint, uint*, int> _getPower;
    private readonly delegate* unmanaged<nint, Utilization*, int> _getUtilization;
    private readonly delegate* unmanaged<nint, Memory*, int> _getMemory;
    private readonly delegate* unmanaged<nint, uint, uint*, int> _getClock;
    private readonly delegate* unmanaged<int> _shutdown;
    private int _disposed;

    private NvmlTelemetry(nint library)
    {
        _library = library;
        _getCount = (delegate* unmanaged<uint*, int>)NativeLibrary.GetExport(library, "nvmlDeviceGetCount_v2");
        _getHandle = (delegate* unmanaged<uint, nint*, int>)NativeLibrary.GetExport(library, "nvmlDeviceGetHandleByIndex_v2");
        _getUuid = (delegate* unmanaged<nint, byte*, uint, int>)NativeLibrary.GetExport(library, "nvmlDeviceGetUUID");
        _getTemperature = (delegate* unmanaged<nint, uint, uint*, int>)NativeLibrary.GetExport(library, "nvmlDeviceGetTemperature");
        _getPower = (delegate* unmanaged<nint, uint*, int>)NativeLibrary.GetExport(library, "nvmlDeviceGetPowerUsage");
        _getUtilization = (delegate* unmanaged<nint, Utilization*, int>)NativeLibrary.GetExport(library, "nvmlDeviceGetUtilizationRates");
        _getMemory = (delegate* unmanaged<nint, Memory*, int>)NativeLibrary.GetExport(library, "nvmlDeviceGetMemoryInfo");
        _getClock = (delegate* unmanaged<nint, uint, uint*, int>)NativeLibrary.GetExport(library, "nvmlDeviceGetClockInfo");
        _shutdown = (delegate* unmanaged<int>)NativeLibrary.GetExport(library, "nvmlShutdown");
    }

    public string Name => "nvml";

    /// <summary>NVML when the driver's library loads, has every function used here and initialises; otherwise null.</summary>
    public static NvmlTelemetry? TryCreate()
    {
        var name = OperatingSystem.IsWindows() ? "nvml.dll" : "libnvidia-ml.so.1";
        if (!NativeLibrary.TryLoad(name, out var library))
        {
            return null;
        }

        try
        {
            var init = (delegate* unmanaged<int>)NativeLibrary.GetExport(library, "nvmlInit_v2");
            if (init() != Success)
            {
                NativeLibrary.Free(library);
                return null;
            }

            return new NvmlTelemetry(library);
        }
        catch (EntryPointNotFoundException)
        {
            NativeLibrary.Free(library);
            return null;
        }
    }

    public Task<IReadOnlyDictionary<string, DeviceReading>> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(Read());

    private IReadOnlyDictionary<string, DeviceReading> Read()
    {
        var readings = new Dictionary<string, DeviceReading>(StringComparer.Ordinal);
        uint count;
        if (Volatile.Read(ref _disposed) != 0 || _getCount(&count) != Success)
        {
            return readings;
        }

        var uuid = stackalloc byte[UuidBufferSize];
        for (uint i = 0; i < count; i++)
        {
            nint device;
            if (_getHandle(i, &device) != Success || _getUuid(device, uuid, UuidBufferSize) != Success)
            {
                continue;
            }

            var id = Encoding.ASCII.GetString(uuid, new ReadOnlySpan<byte>(uuid, UuidBufferSize).IndexOf((byte)0) is var end and >= 0 ? end : UuidBufferSize);
            uint temperature, milliwatts, sm, mem;
            Utilization utilization;
            Memory memory;
            readings[id] = new DeviceReading(
                _getTemperature(device, TemperatureGpu, &temperature) == Success ? temperature : null,
                _getPower(device, &milliwatts) == Success ? milliwatts / 1000.0 : null,
                _getUtilization(device, &utilization) == Success ? utilization.Gpu : null,
                _getMemory(device, &memory) == Success ? (long)(memory.Used / (1024 * 1024)) : null,
                _getClock(device, ClockSm, &sm) == Success ? sm : null,
                _getClock(device, ClockMem, &mem) == Success ? mem : null);
        }

        return readings;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _ = _shutdown();
            NativeLibrary.Free(_library);
        }
    }

    /// <summary>nvmlUtilization_t: percent of time the GPU and its memory were busy over the last sample period.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Utilization
    {
        public uint Gpu;
        public uint Memory;
    }

    /// <summary>nvmlMemory_t (v1): bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Memory
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }
}
