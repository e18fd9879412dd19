using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Miner.Attestation;
using Aitbc.Orleans.Miner.Daemon;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Miner.Attestation;

/// <summary>What the daemon declares about itself: its code's hash, the ONNX Runtime it loaded, the driver and GPU UUIDs detection found, the OS.</summary>
public sealed class DaemonMeasurementTests
{
    [Fact]
    public void The_measurement_hashes_the_given_binary_and_declares_the_rigs_driver_gpus_and_os()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "abc");
            var measurement = new DaemonMeasurement(file, () => "1.31.0").Measure(
                [Device("m1:GPU-aaaa", "560.35.03"), Device("m1:GPU-bbbb", "560.35.03")]);

            // SHA-256("abc"), the FIPS 180-2 example.
            Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", measurement.BinarySha256);
            Assert.Equal("1.31.0", measurement.OnnxRuntimeVersion);
            Assert.Equal("560.35.03", measurement.DriverVersion);
            Assert.Equal(["GPU-aaaa", "GPU-bbbb"], measurement.GpuUuids);
            Assert.Equal(System.Runtime.InteropServices.RuntimeInformation.OSDescription, measurement.Os);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_rig_without_a_gpu_driver_declares_none_and_mixed_drivers_are_all_declared()
    {
        Assert.Equal(DaemonMeasurement.NoDriver, DaemonMeasurement.Driver([Device("m1:cpu-0", null)]));
        Assert.Equal("550.1,560.35.03", DaemonMeasurement.Driver([Device("m1:a", "560.35.03"), Device("m1:b", "550.1"), Device("m1:c", "560.35.03")]));
    }

    [Fact]
    public void The_default_measurement_is_of_the_daemons_own_assembly_and_the_loaded_onnx_runtime()
    {
        var measurement = new DaemonMeasurement();

        Assert.Equal(typeof(MinerAgent).Assembly.Location, DaemonMeasurement.DaemonBinaryPath());
        Assert.Equal(64, measurement.BinarySha256.Length);
        Assert.Matches(@"^\d+\.\d+\.\d+", measurement.OnnxRuntimeVersion);
    }

    private static MinerDevice Device(string gpuId, string? driver) =>
        new(TestMiner.Gpu(gpuId, 0, 0) with { MinerId = "m1" }, null, () => new GpuTelemetry(40, 10, 0, 0, 1, 100), driver);
}
