using Aitbc.Orleans.Miner.Detection;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Detection;

public sealed class CpuDetectionTests
{
    [Fact]
    public void Model_name_from_x86_cpuinfo() =>
        Assert.Equal("AMD Ryzen 9 7950X 16-Core Processor", ProcInfoParser.CpuModelName(DetectionFixtures.Read("proc-cpuinfo-x86.txt")));

    [Fact]
    public void Arm_cpuinfo_without_model_name_gives_null_rather_than_a_processor_index() =>
        Assert.Null(ProcInfoParser.CpuModelName(DetectionFixtures.Read("proc-cpuinfo-arm64.txt")));

    [Fact]
    public void Mem_total_in_mb() => Assert.Equal(64000, ProcInfoParser.MemTotalMb(DetectionFixtures.Read("proc-meminfo.txt")));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MemTotal: lots")]
    public void Unreadable_meminfo_gives_null(string? text) => Assert.Null(ProcInfoParser.MemTotalMb(text));

    [Fact]
    public async Task Cpu_device_from_proc()
    {
        var files = new FakeSystemFileReader()
            .WithFixture(ProcPaths.CpuInfo, "proc-cpuinfo-x86.txt")
            .WithFixture(ProcPaths.MemInfo, "proc-meminfo.txt");

        var device = await new CpuDetector(new FakeProcessRunner(), files, TimeSpan.FromSeconds(5), logicalCores: 32)
            .DetectAsync(TestContext.Current.CancellationToken);

        Assert.Equal(GpuVendor.Cpu, device.Vendor);
        Assert.Equal("AMD Ryzen 9 7950X 16-Core Processor", device.Name);
        Assert.Equal("cpu-0", device.StableId);
        Assert.Equal(64000, device.MemoryMb);
        Assert.Equal(32, device.Cores);
        Assert.True(device.UnifiedMemory);
        Assert.Equal("procfs", device.Source);
        Assert.Equal("CPU", device.ExecutionProviderHint);
    }

    [Fact]
    public async Task Cpu_device_from_sysctl_when_there_is_no_proc()
    {
        var runner = new FakeProcessRunner()
            .Returns("sysctl -n machdep.cpu.brand_string", "Apple M2 Max\n")
            .Returns("sysctl -n hw.memsize", "68719476736\n");

        var device = await new CpuDetector(runner, new FakeSystemFileReader(), TimeSpan.FromSeconds(5), logicalCores: 12)
            .DetectAsync(TestContext.Current.CancellationToken);

        Assert.Equal("Apple M2 Max", device.Name);
        Assert.Equal(65536, device.MemoryMb);
        Assert.Equal(12, device.Cores);
        Assert.Equal("sysctl", device.Source);
    }

    [Fact]
    public async Task Cpu_device_exists_even_with_nothing_to_read()
    {
        var device = await new CpuDetector(new FakeProcessRunner(), new FakeSystemFileReader(), TimeSpan.FromSeconds(5))
            .DetectAsync(TestContext.Current.CancellationToken);

        Assert.EndsWith(" CPU", device.Name, StringComparison.Ordinal);
        Assert.True(device.MemoryMb > 0);
        Assert.Equal(Environment.ProcessorCount, device.Cores);
    }
}
