using Aitbc.Orleans.Miner.Detection;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Detection;

public sealed class JetsonDetectionTests
{
    [Fact]
    public void Parses_orin_tegrastats_line()
    {
        var sample = TegrastatsParser.ParseFirst(DetectionFixtures.Read("tegrastats-agx-orin.txt"));

        Assert.Equal(new TegrastatsSample(2500, 7620, 45, 48.5, 5.0), sample);
    }

    [Fact]
    public void Parses_nano_tegrastats_line_with_upper_case_gpu_and_pom_rail()
    {
        var sample = TegrastatsParser.ParseFirst(DetectionFixtures.Read("tegrastats-nano.txt"));

        Assert.Equal(new TegrastatsSample(1534, 3964, 0, 23.5, 1.207), sample);
    }

    [Fact]
    public void Powered_down_gpu_sentinel_temperature_is_not_a_reading()
    {
        var sample = TegrastatsParser.ParseFirst(DetectionFixtures.Read("tegrastats-orin-gpu-off.txt"));

        Assert.NotNull(sample);
        Assert.Null(sample.GpuTemperatureC);
        Assert.Equal(0, sample.GpuUtilisationPercent);
        Assert.Equal(4.384, sample.BoardPowerW);
        Assert.Equal(15825, sample.RamTotalMb);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("tegrastats: command requires root")]
    [InlineData("NVIDIA H100 80GB HBM3, GPU-0ebd53da, 81559")]
    public void Garbage_tegrastats_gives_nothing(string? output) => Assert.Null(TegrastatsParser.ParseFirst(output));

    [Theory]
    [InlineData("NVIDIA Jetson AGX Orin Developer Kit", "8.7")]
    [InlineData("NVIDIA Jetson Orin Nano Developer Kit", "8.7")]
    [InlineData("NVIDIA Jetson Xavier NX Developer Kit", "7.2")]
    [InlineData("NVIDIA Jetson Nano Developer Kit", "5.3")]
    [InlineData("NVIDIA Jetson TX2", "6.2")]
    [InlineData("Raspberry Pi 5 Model B Rev 1.0", null)]
    public void Compute_capability_from_model(string model, string? expected) =>
        Assert.Equal(expected, JetsonBoardParser.ComputeCapability(model));

    [Fact]
    public void L4t_release_from_nv_tegra_release() =>
        Assert.Equal("L4T R36.3.0", JetsonBoardParser.L4tRelease(DetectionFixtures.Read("nv_tegra_release.txt")));

    [Fact]
    public async Task Detector_combines_device_tree_meminfo_and_tegrastats()
    {
        var files = JetsonFiles();
        // tegrastats never exits; the runner kills it at the window and hands back what it printed.
        var runner = new FakeProcessRunner()
            .Returns("tegrastats", new ProcessResult(ProcessOutcome.TimedOut, -1, DetectionFixtures.Read("tegrastats-agx-orin.txt")));

        var result = await new JetsonDetector(runner, files, TimeSpan.FromSeconds(1)).DetectAsync(TestContext.Current.CancellationToken);

        var device = Assert.Single(result.Devices);
        Assert.Equal(GpuVendor.Jetson, device.Vendor);
        Assert.Equal("NVIDIA Jetson AGX Orin Developer Kit", device.Name);
        Assert.Equal("jetson-1421522042219", device.StableId);
        Assert.Equal(64000, device.MemoryMb);
        Assert.True(device.UnifiedMemory);
        Assert.Equal("L4T R36.3.0", device.Driver);
        Assert.Equal("8.7", device.ComputeCapability);
        Assert.Equal(48.5, device.TemperatureC);
        Assert.Equal(5.0, device.PowerW);
        Assert.Equal(45, device.UtilisationPercent);
        Assert.Equal("CUDA", device.ExecutionProviderHint);
        Assert.Equal(["tegrastats --interval 500"], runner.Calls);
    }

    [Fact]
    public async Task Detector_without_tegrastats_still_reports_the_module()
    {
        var files = new FakeSystemFileReader().WithFixture(ProcPaths.DeviceTreeCompatible, "jetson-agx-orin-compatible.bin");

        var result = await new JetsonDetector(new FakeProcessRunner(), files, TimeSpan.FromSeconds(1)).DetectAsync(TestContext.Current.CancellationToken);

        var device = Assert.Single(result.Devices);
        Assert.Equal("NVIDIA Jetson", device.Name);
        Assert.Equal("jetson-0", device.StableId);
        Assert.Equal(0, device.MemoryMb);
        Assert.Null(device.TemperatureC);
        Assert.Null(device.ComputeCapability);
    }

    [Fact]
    public async Task Not_a_jetson_gives_nothing_and_runs_nothing()
    {
        var runner = new FakeProcessRunner();
        var files = new FakeSystemFileReader().With(ProcPaths.DeviceTreeModel, "Raspberry Pi 4 Model B Rev 1.4\0");

        var result = await new JetsonDetector(runner, files, TimeSpan.FromSeconds(1)).DetectAsync(TestContext.Current.CancellationToken);

        Assert.Empty(result.Devices);
        Assert.Empty(runner.Calls);
    }

    internal static FakeSystemFileReader JetsonFiles() => new FakeSystemFileReader()
        .WithFixture(ProcPaths.DeviceTreeModel, "jetson-agx-orin-model.bin")
        .WithFixture(ProcPaths.DeviceTreeCompatible, "jetson-agx-orin-compatible.bin")
        .WithFixture(ProcPaths.DeviceTreeSerialNumber, "jetson-agx-orin-serial.bin")
        .WithFixture(ProcPaths.NvTegraRelease, "nv_tegra_release.txt")
        .WithFixture(ProcPaths.MemInfo, "proc-meminfo.txt");
}
