using Aitbc.Orleans.Miner.Detection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Detection;

public sealed class GpuDetectionServiceTests
{
    [Fact]
    public async Task Mixed_machine_reports_every_vendor_found_and_cpu_last()
    {
        var runner = new FakeProcessRunner()
            .Returns("nvidia-smi", DetectionFixtures.Read("nvidia-smi-multi.csv"))
            .Returns("rocm-smi", DetectionFixtures.Read("rocm-smi-5-legacy.json"))
            .Returns("xpu-smi", "garbage")
            .Returns("sysctl", "eleven");
        var files = new FakeSystemFileReader()
            .WithFixture(ProcPaths.CpuInfo, "proc-cpuinfo-x86.txt")
            .WithFixture(ProcPaths.MemInfo, "proc-meminfo.txt");
        var logger = new RecordingLogger();

        var devices = await GpuDetectionService.CreateDefault(runner, files, logger, logicalCores: 32).DetectAsync(TestContext.Current.CancellationToken);

        Assert.Equal(
            [GpuVendor.Nvidia, GpuVendor.Nvidia, GpuVendor.Nvidia, GpuVendor.Amd, GpuVendor.Cpu],
            devices.Select(d => d.Vendor));
        Assert.Equal(["CUDA", "CUDA", "CUDA", "MIGraphX", "CPU"], devices.Select(d => d.ExecutionProviderHint));
        Assert.Equal("AMD Ryzen 9 7950X 16-Core Processor", devices[^1].Name);
        Assert.Contains(logger.Messages, m => m.Contains("intel", StringComparison.Ordinal) && m.Contains("xpu-smi listed no GPUs", StringComparison.Ordinal));
        Assert.Contains(logger.Messages, m => m.Contains("apple", StringComparison.Ordinal) && m.Contains("system_profiler not found", StringComparison.Ordinal));
        Assert.All(logger.Levels, level => Assert.Equal(LogLevel.Debug, level));
    }

    [Fact]
    public async Task Nothing_installed_gives_only_the_cpu()
    {
        var devices = await GpuDetectionService.CreateDefault(new FakeProcessRunner(), new FakeSystemFileReader(), new RecordingLogger())
            .DetectAsync(TestContext.Current.CancellationToken);

        Assert.Equal(GpuVendor.Cpu, Assert.Single(devices).Vendor);
    }

    [Fact]
    public async Task Jetson_replaces_the_memoryless_nvidia_smi_entry_for_its_own_gpu()
    {
        var runner = new FakeProcessRunner()
            .Returns("nvidia-smi", DetectionFixtures.Read("nvidia-smi-jetson-orin.csv"))
            .Returns("tegrastats", new ProcessResult(ProcessOutcome.TimedOut, -1, DetectionFixtures.Read("tegrastats-agx-orin.txt")));

        var devices = await GpuDetectionService.CreateDefault(runner, JetsonDetectionTests.JetsonFiles(), new RecordingLogger())
            .DetectAsync(TestContext.Current.CancellationToken);

        Assert.Equal([GpuVendor.Jetson, GpuVendor.Cpu], devices.Select(d => d.Vendor));
    }

    [Fact]
    public async Task A_throwing_detector_is_contained_and_logged_once()
    {
        var logger = new RecordingLogger();
        var service = new GpuDetectionService(
            [new ThrowingDetector(), new NvidiaSmiDetector(new FakeProcessRunner().Returns("nvidia-smi", DetectionFixtures.Read("nvidia-smi-h100.csv")), TimeSpan.FromSeconds(5))],
            new CpuDetector(new FakeProcessRunner(), new FakeSystemFileReader(), TimeSpan.FromSeconds(5), logicalCores: 4),
            logger);

        var first = await service.DetectAsync(TestContext.Current.CancellationToken);
        var second = await service.DetectAsync(TestContext.Current.CancellationToken);

        Assert.Equal([GpuVendor.Nvidia, GpuVendor.Cpu], first.Select(d => d.Vendor));
        Assert.Equal(first, second);
        Assert.Single(logger.Messages, m => m.Contains("broken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Caller_cancellation_is_not_swallowed()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var service = new GpuDetectionService([new CancellingDetector()],
            new CpuDetector(new FakeProcessRunner(), new FakeSystemFileReader(), TimeSpan.FromSeconds(5)), new RecordingLogger());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => service.DetectAsync(cancelled.Token));
    }

    [Fact]
    public async Task Detection_on_this_real_machine_never_throws_and_ends_with_the_cpu()
    {
        var service = GpuDetectionService.CreateDefault(new SystemProcessRunner(), new PhysicalSystemFileReader(), new RecordingLogger(), TimeSpan.FromSeconds(20));

        var devices = await service.DetectAsync(TestContext.Current.CancellationToken);

        Assert.Equal(GpuVendor.Cpu, devices[^1].Vendor);
        Assert.Equal(1, devices.Count(d => d.Vendor == GpuVendor.Cpu));
        Assert.All(devices, d => Assert.False(string.IsNullOrWhiteSpace(d.Name)));
        Assert.All(devices, d => Assert.True(d.MemoryMb >= 0));
    }

    private sealed class ThrowingDetector : IGpuDetector
    {
        public string Name => "broken";

        public Task<GpuDetectorResult> DetectAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("parser bug");
    }

    private sealed class CancellingDetector : IGpuDetector
    {
        public string Name => "slow";

        public Task<GpuDetectorResult> DetectAsync(CancellationToken cancellationToken) =>
            Task.FromCanceled<GpuDetectorResult>(cancellationToken);
    }
}
