using Aitbc.Orleans.Miner.Detection;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Detection;

public sealed class NvidiaSmiParserTests
{
    [Fact]
    public void Parses_recorded_h100_output()
    {
        var device = Assert.Single(NvidiaSmiParser.Parse(DetectionFixtures.Read("nvidia-smi-h100.csv")));

        Assert.Equal(GpuVendor.Nvidia, device.Vendor);
        Assert.Equal("NVIDIA H100 80GB HBM3", device.Name);
        Assert.Equal("GPU-0ebd53da-3e71-d6b2-e340-72b7a27221be", device.StableId);
        Assert.Equal(81559, device.MemoryMb);
        Assert.Equal("580.159.04", device.Driver);
        Assert.Equal("9.0", device.ComputeCapability);
        Assert.Equal(36, device.TemperatureC);
        Assert.Equal(111.23, device.PowerW);
        Assert.Equal(700.00, device.PowerLimitW);
        Assert.Equal(0, device.UtilisationPercent);
        Assert.Equal("nvidia-smi", device.Source);
        Assert.Equal("CUDA", device.ExecutionProviderHint);
        Assert.False(device.UnifiedMemory);
    }

    [Fact]
    public void Parses_several_gpus_with_odd_whitespace_and_missing_readings()
    {
        var devices = NvidiaSmiParser.Parse(DetectionFixtures.Read("nvidia-smi-multi.csv"));

        Assert.Equal(3, devices.Count);
        Assert.Equal(["GPU-5a1c7e2b-93d4-4f0a-8c61-2f7be0d9a431", "GPU-b83f0c19-6e2a-47d5-a1f8-0c4d92e7b5f6", "GPU-0d7e4a12-58b3-4c9e-b2f1-7a6e3c8d9f05"],
            devices.Select(d => d.StableId));

        var busy = devices[1];
        Assert.Equal("NVIDIA GeForce RTX 4090", busy.Name);
        Assert.Equal(24564, busy.MemoryMb);
        Assert.Equal(63, busy.TemperatureC);
        Assert.Equal(412.51, busy.PowerW);
        Assert.Equal(450, busy.PowerLimitW);
        Assert.Equal(97, busy.UtilisationPercent);

        var sparse = devices[2];
        Assert.Equal("NVIDIA GeForce RTX 3060", sparse.Name);
        Assert.Equal(12288, sparse.MemoryMb);
        Assert.Equal("8.6", sparse.ComputeCapability);
        Assert.Null(sparse.TemperatureC);
        Assert.Null(sparse.PowerW);
        Assert.Equal(170, sparse.PowerLimitW);
        Assert.Null(sparse.UtilisationPercent);
    }

    [Fact]
    public void Laptop_gpu_without_power_readings_and_crlf_line_end()
    {
        var device = Assert.Single(NvidiaSmiParser.Parse(DetectionFixtures.Read("nvidia-smi-laptop.csv")));

        Assert.Equal("NVIDIA GeForce RTX 4070 Laptop GPU", device.Name);
        Assert.Equal(8188, device.MemoryMb);
        Assert.Equal("566.14", device.Driver);
        Assert.Equal(47, device.TemperatureC);
        Assert.Null(device.PowerW);
        Assert.Null(device.PowerLimitW);
        Assert.Equal(12, device.UtilisationPercent);
    }

    [Fact]
    public void Legacy_query_without_compute_cap()
    {
        var device = Assert.Single(NvidiaSmiParser.Parse(DetectionFixtures.Read("nvidia-smi-legacy-470.csv"), legacy: true));

        Assert.Equal("GeForce GTX 1080 Ti", device.Name);
        Assert.Equal(11178, device.MemoryMb);
        Assert.Equal("470.256.02", device.Driver);
        Assert.Null(device.ComputeCapability);
        Assert.Equal(38, device.TemperatureC);
        Assert.Equal(61.07, device.PowerW);
        Assert.Equal(250, device.PowerLimitW);
        Assert.Equal(4, device.UtilisationPercent);
    }

    [Fact]
    public void Jetson_integrated_gpu_line_has_no_memory()
    {
        var device = Assert.Single(NvidiaSmiParser.Parse(DetectionFixtures.Read("nvidia-smi-jetson-orin.csv")));

        Assert.Equal("Orin (nvgpu)", device.Name);
        Assert.Equal(0, device.MemoryMb);
        Assert.Equal("nvidia-0", device.StableId);
    }

    [Theory]
    [InlineData("nvidia-smi-driver-not-loaded.txt")]
    [InlineData("nvidia-smi-legacy-rejects-compute-cap.txt")]
    [InlineData("rocm-smi-6-two-cards.json")]
    public void Output_that_is_not_a_query_result_gives_nothing(string fixture) =>
        Assert.Empty(NvidiaSmiParser.Parse(DetectionFixtures.Read(fixture)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a, b, c, d, e, f, g, h, i")]
    [InlineData("\0\0\0garbage")]
    public void Garbage_gives_nothing(string? output) => Assert.Empty(NvidiaSmiParser.Parse(output));

    [Fact]
    public void Query_arguments_match_the_documented_command()
    {
        Assert.Equal(
            ["--query-gpu=name,uuid,memory.total,driver_version,compute_cap,temperature.gpu,power.draw,power.limit,utilization.gpu", "--format=csv,noheader,nounits"],
            NvidiaSmiParser.Arguments(legacy: false));
    }
}
