using System.Runtime.InteropServices;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// ONNX Runtime only says "Failed to load shared library" when a provider's native dependencies are missing. Loading
/// the provider library ourselves yields the loader's own message (e.g. "libcublasLt.so.13: cannot open shared
/// object file"), which is what an owner needs to fix the install.
/// </summary>
internal static class ProviderLibraryDiagnostics
{
    public static string? Explain(string provider)
    {
        var stem = provider switch
        {
            ExecutionProviderSelector.Cuda => "cuda",
            ExecutionProviderSelector.TensorRt => "tensorrt",
            ExecutionProviderSelector.Rocm => "rocm",
            ExecutionProviderSelector.MiGraphX => "migraphx",
            ExecutionProviderSelector.OpenVino => "openvino",
            _ => null,
        };
        if (stem is null)
        {
            return null;
        }

        var fileName = OperatingSystem.IsWindows() ? $"onnxruntime_providers_{stem}.dll"
            : OperatingSystem.IsMacOS() ? $"libonnxruntime_providers_{stem}.dylib"
            : $"libonnxruntime_providers_{stem}.so";
        var path = CandidateDirectories().Select(d => Path.Combine(d, fileName)).FirstOrDefault(File.Exists);
        if (path is null)
        {
            return $"{fileName} is not installed next to ONNX Runtime";
        }

        try
        {
            NativeLibrary.Free(NativeLibrary.Load(path));
            return null; // the library and its dependencies load; the failure is elsewhere (driver, device)
        }
        catch (DllNotFoundException ex)
        {
            // The runtime's message ends with the dynamic loader's error; that last line is the useful part.
            var lines = ex.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return $"{fileName}: {lines[^1]}";
        }
        catch (BadImageFormatException ex)
        {
            return $"{fileName}: {ex.Message}";
        }
    }

    private static IEnumerable<string> CandidateDirectories()
    {
        var baseDirectory = AppContext.BaseDirectory;
        yield return baseDirectory;
        yield return Path.Combine(baseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        yield return Path.Combine(baseDirectory, "runtimes", $"{os}-{arch}", "native");
    }
}
