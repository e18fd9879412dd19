using Aitbc.Orleans.Miner.Detection;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Detection;

public sealed class IntelDetectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static string SysfsDrm => DetectionFixtures.Path("sysfs-arc/class/drm");

    [Fact]
    public void Parses_xpu_smi_listing()
    {
        var devices = XpuSmiParser.ParseList(DetectionFixtures.Read("xpu-smi-discovery.json"));

        Assert.Equal(2, devices.Count);
        var flex = devices[0];
        Assert.Equal(0, flex.DeviceId);
        Assert.False(flex.HasMemorySize);
        Assert.Equal("Intel(R) Data Center GPU Flex 170", flex.Device.Name);
        Assert.Equal("01000000-0000-0000-0000-00000000004d", flex.Device.StableId);
        Assert.Equal(0, flex.Device.MemoryMb);

        var arc = devices[1];
        Assert.Equal(1, arc.DeviceId);
        Assert.True(arc.HasMemorySize);
        Assert.Equal(GpuVendor.Intel, arc.Device.Vendor);
        Assert.Equal("Intel(R) Arc(TM) A770 Graphics", arc.Device.Name);
        Assert.Equal(16288, arc.Device.MemoryMb);
        Assert.Equal("I915_24.2.13", arc.Device.Driver);
        Assert.Equal("OpenVINO", arc.Device.ExecutionProviderHint);
        Assert.Equal("xpu-smi", arc.Device.Source);
    }

    [Fact]
    public void Parses_xpu_smi_device_detail_with_numeric_and_string_values()
    {
        var detail = XpuSmiParser.ParseDetail(DetectionFixtures.Read("xpu-smi-discovery-d0.json"), fallbackId: 9);

        Assert.NotNull(detail);
        Assert.Equal(0, detail.DeviceId);
        Assert.True(detail.HasMemorySize);
        Assert.Equal(13536, detail.Device.MemoryMb);
        Assert.Equal("I915_23.10.32_PSB_230622.37", detail.Device.Driver);
        Assert.Equal(512, detail.Device.Cores);
    }

    [Fact]
    public async Task Detector_fills_missing_memory_from_the_per_device_query()
    {
        var runner = new FakeProcessRunner()
            .Returns("xpu-smi discovery -j", DetectionFixtures.Read("xpu-smi-discovery.json"))
            .Returns("xpu-smi discovery -d 0 -j", DetectionFixtures.Read("xpu-smi-discovery-d0.json"));

        var result = await new IntelGpuDetector(runner, new FakeSystemFileReader(), Timeout).DetectAsync(TestContext.Current.CancellationToken);

        Assert.Equal([13536L, 16288L], result.Devices.Select(d => d.MemoryMb));
        Assert.Equal("I915_23.10.32_PSB_230622.37", result.Devices[0].Driver);
        Assert.DoesNotContain("xpu-smi discovery -d 1 -j", runner.Calls);
    }

    [Fact]
    public void Sysfs_probe_finds_intel_cards_and_ignores_connectors_and_other_vendors()
    {
        var devices = IntelSysfsProbe.Probe(new PhysicalSystemFileReader(), SysfsDrm);

        Assert.Equal(2, devices.Count);
        var integrated = devices[0];
        Assert.Equal("Intel GPU [8086:a780]", integrated.Name);
        Assert.Equal("0000:00:02.0", integrated.StableId);
        Assert.Equal(0, integrated.MemoryMb);
        Assert.True(integrated.UnifiedMemory);
        Assert.Equal("i915", integrated.Driver);
        Assert.Equal("sysfs", integrated.Source);

        var arc = devices[1];
        Assert.Equal("Intel Arc A770", arc.Name);
        Assert.Equal("0000:03:00.0", arc.StableId);
        Assert.Equal(16368, arc.MemoryMb);
        Assert.False(arc.UnifiedMemory);
        Assert.Equal("xe", arc.Driver);
    }

    [Fact]
    public async Task Detector_falls_back_to_sysfs_when_xpu_smi_is_missing()
    {
        var result = await new IntelGpuDetector(new FakeProcessRunner(), new PhysicalSystemFileReader(), Timeout, SysfsDrm)
            .DetectAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["Intel GPU [8086:a780]", "Intel Arc A770"], result.Devices.Select(d => d.Name));
        Assert.Null(result.WhyNone);
    }

    [Fact]
    public async Task Nothing_anywhere_gives_a_reason_not_an_error()
    {
        var result = await new IntelGpuDetector(new FakeProcessRunner(), new FakeSystemFileReader(), Timeout, "/nonexistent/drm")
            .DetectAsync(TestContext.Current.CancellationToken);

        Assert.Empty(result.Devices);
        Assert.Contains("xpu-smi not found", result.WhyNone, StringComparison.Ordinal);
    }

    [Fact]
    public void Known_discrete_card_without_memory_file_is_not_marked_integrated()
    {
        var files = new FakeSystemFileReader()
            .With("/sys/class/drm/card0/device/vendor", "0x8086\n")
            .With("/sys/class/drm/card0/device/device", "0xe20b\n");

        var device = Assert.Single(IntelSysfsProbe.Probe(files));

        Assert.Equal("Intel Arc B580", device.Name);
        Assert.False(device.UnifiedMemory);
        Assert.Equal("intel-card0", device.StableId);
        Assert.Null(device.Driver);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    [InlineData("""{"device_list": "none"}""")]
    [InlineData("""{"device_list": [{"device_name": "Intel(R) Xeon", "device_type": "CPU"}, {"uuid": "x"}]}""")]
    [InlineData("Error: Level Zero initialization failed")]
    public void Xpu_smi_garbage_gives_nothing(string? output) => Assert.Empty(XpuSmiParser.ParseList(output));
}
