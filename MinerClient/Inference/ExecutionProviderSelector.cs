using System.Collections.Concurrent;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Tensors;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Aitbc.Orleans.Miner.Inference;

/// <summary>
/// Turns a device hint (CUDA, ROCm, MIGraphX, OpenVINO, CoreML, DirectML, TensorRT, CPU) into an ONNX Runtime
/// execution provider. A provider is probed once per process by appending it and opening a tiny session, which
/// surfaces both "this build has no such provider" and "its native libraries (e.g. libcublasLt) are missing";
/// on failure the selector falls back to CPU and logs one line with the reason.
/// </summary>
public sealed class ExecutionProviderSelector(ILogger<ExecutionProviderSelector> logger)
{
    public const string Cpu = "CPU";
    public const string Cuda = "CUDA";
    public const string TensorRt = "TensorRT";
    public const string Rocm = "ROCm";
    public const string MiGraphX = "MIGraphX";
    public const string OpenVino = "OpenVINO";
    public const string CoreMl = "CoreML";
    public const string DirectMl = "DirectML";

    public static IReadOnlyList<string> KnownProviders { get; } = [Cuda, TensorRt, Rocm, MiGraphX, OpenVino, CoreMl, DirectMl, Cpu];

    // Process-wide: loading a provider library is expensive and its outcome cannot change while the process lives.
    private static readonly ConcurrentDictionary<(string Provider, int DeviceId), Lazy<string?>> ProbeFailures = new();

    private static readonly Lazy<byte[]> ProbeModel = new(() => new OnnxModelBuilder("provider_probe")
        .Input("x", TensorElementType.Float32, 1, 4)
        .Relu("x", "y")
        .Output("y", TensorElementType.Float32, 1, 4)
        .Build());

    // Per instance so each component that selects a provider says once what it got.
    private readonly ConcurrentDictionary<(string Provider, int DeviceId), bool> _logged = new();

    /// <summary>Maps user spellings ("cuda", "nvidia", "dml", "amd") to a canonical provider name, or null if unknown.</summary>
    public static string? Normalize(string? hint)
    {
        var value = (hint ?? "").Trim().ToUpperInvariant();
        return value switch
        {
            "" or "CPU" => Cpu,
            "CUDA" or "GPU" or "NVIDIA" => Cuda,
            "TENSORRT" or "TRT" => TensorRt,
            "ROCM" or "AMD" => Rocm,
            "MIGRAPHX" => MiGraphX,
            "OPENVINO" or "INTEL" => OpenVino,
            "COREML" or "APPLE" => CoreMl,
            "DIRECTML" or "DML" => DirectMl,
            _ => null,
        };
    }

    public ExecutionProviderSelection Select(string? deviceHint, int deviceId = 0)
    {
        var provider = Normalize(deviceHint);
        var requested = provider ?? deviceHint ?? Cpu;
        string? failure;
        if (provider is null)
        {
            failure = $"unknown device hint '{deviceHint}' (known: {string.Join(", ", KnownProviders)})";
        }
        else if (provider == Cpu)
        {
            failure = null;
        }
        else
        {
            failure = ProbeFailures.GetOrAdd((provider, deviceId), key => new Lazy<string?>(() => Probe(key.Provider, key.DeviceId))).Value;
        }

        var selection = failure is null
            ? new ExecutionProviderSelection(requested, provider!, deviceId, null)
            : new ExecutionProviderSelection(requested, Cpu, 0, failure);
        LogOnce(selection);
        return selection;
    }

    /// <summary>
    /// Session options for a selection; CPU stays registered behind any accelerator for ops it cannot run. CUDA gets
    /// its provider options (<paramref name="cuda"/>, defaults when null) sized for a model of <paramref name="modelBytes"/>.
    /// </summary>
    public static SessionOptions CreateSessionOptions(
        ExecutionProviderSelection selection, int intraOpThreads = 0, CudaProviderSettings? cuda = null, long modelBytes = 0)
    {
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (intraOpThreads > 0)
        {
            options.IntraOpNumThreads = intraOpThreads;
        }

        try
        {
            if (!selection.IsCpu)
            {
                AppendProvider(options, selection.Provider, selection.DeviceId, cuda ?? new CudaProviderSettings(), modelBytes);
            }

            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    private void LogOnce(ExecutionProviderSelection selection)
    {
        if (!_logged.TryAdd((selection.Requested, selection.DeviceId), true))
        {
            return;
        }

        if (selection.IsFallback)
        {
            logger.LogWarning(
                "Execution provider {Requested} is unavailable, falling back to CPU: {Reason}", selection.Requested, selection.FallbackReason);
        }
        else
        {
            logger.LogInformation("Using execution provider {Provider} on device {DeviceId}", selection.Provider, selection.DeviceId);
        }
    }

    /// <summary>Returns null when the provider works, otherwise a one-line reason.</summary>
    private static string? Probe(string provider, int deviceId)
    {
        var ortName = OrtProviderName(provider);
        string[] available;
        try
        {
            available = OrtEnv.Instance().GetAvailableProviders();
        }
        catch (Exception ex)
        {
            return "ONNX Runtime could not list its providers: " + OneLine(ex);
        }

        if (!available.Contains(ortName, StringComparer.Ordinal))
        {
            return $"this ONNX Runtime build has no {ortName} (it has: {string.Join(", ", available)})";
        }

        // ONNX Runtime prints its own multi-line error when a provider library fails to load; mute it for the
        // probe so the operator sees exactly one line, ours, with the same reason.
        var env = OrtEnv.Instance();
        var previousLevel = env.EnvLogLevel;
        env.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        try
        {
            using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
            AppendProvider(options, provider, deviceId, new CudaProviderSettings(), 0);
            using var session = new InferenceSession(ProbeModel.Value, options);
            return null;
        }
        catch (Exception ex)
        {
            var detail = ProviderLibraryDiagnostics.Explain(provider);
            return detail is null ? OneLine(ex) : $"{OneLine(ex)} ({detail})";
        }
        finally
        {
            env.EnvLogLevel = previousLevel;
        }
    }

    private static void AppendProvider(SessionOptions options, string provider, int deviceId, CudaProviderSettings cuda, long modelBytes)
    {
        switch (provider)
        {
            case Cuda:
                // ONNX Runtime copies the options into the provider factory, so they can be released at once.
                using (var cudaOptions = new OrtCUDAProviderOptions())
                {
                    cudaOptions.UpdateOptions(cuda.ToProviderOptions(deviceId, modelBytes));
                    options.AppendExecutionProvider_CUDA(cudaOptions);
                }

                break;
            case TensorRt:
                options.AppendExecutionProvider_Tensorrt(deviceId);
                break;
            case Rocm:
                options.AppendExecutionProvider_ROCm(deviceId);
                break;
            case MiGraphX:
                options.AppendExecutionProvider_MIGraphX(deviceId);
                break;
            case OpenVino:
                options.AppendExecutionProvider_OpenVINO("");
                break;
            case CoreMl:
                options.AppendExecutionProvider_CoreML(CoreMLFlags.COREML_FLAG_USE_NONE);
                break;
            case DirectMl:
                options.AppendExecutionProvider_DML(deviceId);
                break;
            case Cpu:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown execution provider.");
        }
    }

    private static string OrtProviderName(string provider) => provider switch
    {
        Cuda => "CUDAExecutionProvider",
        TensorRt => "TensorrtExecutionProvider",
        Rocm => "ROCMExecutionProvider",
        MiGraphX => "MIGraphXExecutionProvider",
        OpenVino => "OpenVINOExecutionProvider",
        CoreMl => "CoreMLExecutionProvider",
        DirectMl => "DmlExecutionProvider",
        _ => "CPUExecutionProvider",
    };

    private static string OneLine(Exception ex)
    {
        var innermost = ex;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        var message = innermost == ex ? ex.Message : $"{ex.Message} ({innermost.Message})";
        return string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
    }
}
