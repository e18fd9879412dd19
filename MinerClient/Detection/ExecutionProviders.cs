namespace Aitbc.Orleans.Miner.Detection;

/// <summary>ONNX Runtime execution-provider names a miner should try first for each vendor.</summary>
public static class ExecutionProviders
{
    public const string Cuda = "CUDA";

    /// <summary>Kept for older ONNX Runtime builds; recent releases dropped the ROCm provider in favour of MIGraphX.</summary>
    public const string Rocm = "ROCm";

    public const string MiGraphX = "MIGraphX";
    public const string OpenVino = "OpenVINO";
    public const string CoreMl = "CoreML";
    public const string Cpu = "CPU";

    /// <summary>Jetson is CUDA; AMD maps to MIGraphX because the bundled ONNX Runtime no longer ships the ROCm provider.</summary>
    public static string ForVendor(GpuVendor vendor) => vendor switch
    {
        GpuVendor.Nvidia or GpuVendor.Jetson => Cuda,
        GpuVendor.Amd => MiGraphX,
        GpuVendor.Intel => OpenVino,
        GpuVendor.Apple => CoreMl,
        _ => Cpu,
    };
}
