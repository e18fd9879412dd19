using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Aitbc.Orleans.Attestation;
using Aitbc.Orleans.Miner.Daemon;
using Microsoft.ML.OnnxRuntime;

namespace Aitbc.Orleans.Miner.Attestation;

/// <summary>
/// What the daemon declares about itself in an attestation: the SHA-256 of its own code (the daemon assembly, or the
/// single-file executable when it was published as one), the ONNX Runtime version it loaded, the GPU driver and GPU
/// UUIDs detection found, and the operating system. All are claims a modified daemon could fake: software attestation
/// binds them to the enrolled key, it does not prove them.
/// </summary>
public sealed class DaemonMeasurement
{
    /// <summary>The driver declared by a rig with no GPU driver (the CPU, simulated devices).</summary>
    public const string NoDriver = "none";

    private readonly Lazy<string> _binarySha256;
    private readonly Lazy<string> _onnxRuntimeVersion;

    /// <param name="binaryPath">The file to hash; defaults to <see cref="DaemonBinaryPath"/>.</param>
    /// <param name="onnxRuntimeVersion">Defaults to the version of the native ONNX Runtime this process loaded.</param>
    public DaemonMeasurement(string? binaryPath = null, Func<string>? onnxRuntimeVersion = null)
    {
        _binarySha256 = new Lazy<string>(() => HashFile(binaryPath ?? DaemonBinaryPath()));
        _onnxRuntimeVersion = new Lazy<string>(onnxRuntimeVersion ?? (() => OrtEnv.Instance().GetVersionString()));
    }

    public string BinarySha256 => _binarySha256.Value;

    public string OnnxRuntimeVersion => _onnxRuntimeVersion.Value;

    public static string Os => RuntimeInformation.OSDescription;

    /// <summary>The measurement of a rig with these devices.</summary>
    public AttestationMeasurement Measure(IReadOnlyCollection<MinerDevice> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        return new AttestationMeasurement(BinarySha256, OnnxRuntimeVersion, Driver(devices), devices.Select(d => d.Uuid).ToArray(), Os);
    }

    /// <summary>The rig's GPU driver: one version, or the distinct versions in order joined by ","; <see cref="NoDriver"/> without one.</summary>
    public static string Driver(IEnumerable<MinerDevice> devices)
    {
        var drivers = devices.Select(d => d.Driver).OfType<string>().Where(d => d.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return drivers.Length == 0 ? NoDriver : string.Join(',', drivers);
    }

    /// <summary>The daemon's own code: its assembly file, or the process's executable when published as a single file (no assembly file).</summary>
    public static string DaemonBinaryPath() =>
        typeof(DaemonMeasurement).Assembly.Location is { Length: > 0 } location ? location : Environment.ProcessPath
            ?? throw new InvalidOperationException("the daemon cannot find its own executable to measure");

    public static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
