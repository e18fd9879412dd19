using Aitbc.Orleans.Miner.Detection;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Detection;

public sealed class AppleSystemProfilerParserTests
{
    [Fact]
    public void Parses_apple_silicon_gpu_with_unified_memory()
    {
        var memory = AppleSystemProfilerParser.ParseMemorySize(DetectionFixtures.Read("sysctl-hw-memsize-64g.txt"));

        var device = Assert.Single(AppleSystemProfilerParser.Parse(DetectionFixtures.Read("system-profiler-m2-max.json"), memory));

        Assert.Equal(GpuVendor.Apple, device.Vendor);
        Assert.Equal("Apple M2 Max", device.Name);
        Assert.Equal("apple-apple-m2-max-0", device.StableId);
        Assert.Equal(65536, device.MemoryMb);
        Assert.True(device.UnifiedMemory);
        Assert.Equal(38, device.Cores);
        Assert.Equal("Metal 3", device.Driver);
        Assert.Null(device.ComputeCapability);
        Assert.Null(device.TemperatureC);
        Assert.Equal("system_profiler", device.Source);
        Assert.Equal("CoreML", device.ExecutionProviderHint);
    }

    [Fact]
    public void Memory_is_zero_when_sysctl_failed()
    {
        var device = Assert.Single(AppleSystemProfilerParser.Parse(DetectionFixtures.Read("system-profiler-m2-max.json"), memorySizeBytes: null));

        Assert.Equal(0, device.MemoryMb);
    }

    [Fact]
    public void Intel_mac_gpus_are_not_apple_devices() =>
        Assert.Empty(AppleSystemProfilerParser.Parse(DetectionFixtures.Read("system-profiler-intel-mac.json"), 17179869184));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{\"SPDisplaysDataType\": {}}")]
    [InlineData("2024-01-01 system_profiler[123] crashed")]
    public void Garbage_gives_nothing(string? output) => Assert.Empty(AppleSystemProfilerParser.Parse(output, 1));

    [Fact]
    public async Task Detector_reads_memory_through_sysctl()
    {
        var runner = new FakeProcessRunner()
            .Returns("system_profiler SPDisplaysDataType -json", DetectionFixtures.Read("system-profiler-m2-max.json"))
            .Returns("sysctl -n hw.memsize", "34359738368\n");

        var result = await new AppleGpuDetector(runner, TimeSpan.FromSeconds(5)).DetectAsync(TestContext.Current.CancellationToken);

        Assert.Equal(32768, Assert.Single(result.Devices).MemoryMb);
    }
}
