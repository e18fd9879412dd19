using Aitbc.Orleans.Miner.Detection;
using Xunit;

namespace Aitbc.Orleans.Tests.Miner.Detection;

/// <summary>Every vendor detector turns a missing tool, a failing tool or nonsense output into "none", with a reason.</summary>
public sealed class DetectorFailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static TheoryData<string> Detectors => ["nvidia", "amd", "intel", "apple"];

    [Theory]
    [MemberData(nameof(Detectors))]
    public async Task Missing_tool_gives_nothing(string vendor)
    {
        var result = await Create(vendor, new FakeProcessRunner()).DetectAsync(TestContext.Current.CancellationToken);

        Assert.Empty(result.Devices);
        Assert.Contains("not found", result.WhyNone, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Detectors))]
    public async Task Garbage_output_gives_nothing(string vendor)
    {
        var runner = new FakeProcessRunner()
            .Returns("nvidia-smi", "Segmentation fault\n\x01\x02")
            .Returns("rocm-smi", "{\"card0\": [1, 2")
            .Returns("xpu-smi", "<html>not json</html>")
            .Returns("system_profiler", "{\"SPDisplaysDataType\": [42]}")
            .Returns("sysctl", "eleven");

        var result = await Create(vendor, runner).DetectAsync(TestContext.Current.CancellationToken);

        Assert.Empty(result.Devices);
        Assert.NotNull(result.WhyNone);
    }

    [Theory]
    [MemberData(nameof(Detectors))]
    public async Task Timed_out_or_failed_tool_gives_nothing(string vendor)
    {
        var runner = new FakeProcessRunner()
            .Returns("nvidia-smi", new ProcessResult(ProcessOutcome.TimedOut, -1, "NVIDIA GeForce RTX 4090, GPU-x, 24564"))
            .Returns("rocm-smi", new ProcessResult(ProcessOutcome.FailedToStart, -1, string.Empty))
            .Returns("xpu-smi", new ProcessResult(ProcessOutcome.Exited, 1, DetectionFixtures.Read("xpu-smi-discovery.json")))
            .Returns("system_profiler", new ProcessResult(ProcessOutcome.Exited, 1, DetectionFixtures.Read("system-profiler-m2-max.json")));

        var result = await Create(vendor, runner).DetectAsync(TestContext.Current.CancellationToken);

        Assert.Empty(result.Devices);
        Assert.NotNull(result.WhyNone);
    }

    [Fact]
    public async Task Nvidia_driver_not_loaded_gives_nothing()
    {
        var runner = new FakeProcessRunner().Returns("nvidia-smi", DetectionFixtures.Read("nvidia-smi-driver-not-loaded.txt"), exitCode: 9);

        var result = await Create("nvidia", runner).DetectAsync(TestContext.Current.CancellationToken);

        Assert.Empty(result.Devices);
        Assert.Equal("nvidia-smi exited with code 9", result.WhyNone);
    }

    [Fact]
    public async Task Nvidia_old_driver_is_asked_again_without_compute_cap()
    {
        var modern = "nvidia-smi " + string.Join(' ', NvidiaSmiParser.Arguments(legacy: false));
        var legacy = "nvidia-smi " + string.Join(' ', NvidiaSmiParser.Arguments(legacy: true));
        var runner = new FakeProcessRunner()
            .Returns(modern, DetectionFixtures.Read("nvidia-smi-legacy-rejects-compute-cap.txt"), exitCode: 2)
            .Returns(legacy, DetectionFixtures.Read("nvidia-smi-legacy-470.csv"));

        var result = await Create("nvidia", runner).DetectAsync(TestContext.Current.CancellationToken);

        Assert.Equal("GeForce GTX 1080 Ti", Assert.Single(result.Devices).Name);
        Assert.Equal([modern, legacy], runner.Calls);
    }

    [Fact]
    public async Task Rocm_smi_partial_failure_exit_code_still_uses_the_output()
    {
        var runner = new FakeProcessRunner().Returns("rocm-smi", DetectionFixtures.Read("rocm-smi-5-legacy.json"), exitCode: 2);

        var result = await Create("amd", runner).DetectAsync(TestContext.Current.CancellationToken);

        Assert.Equal("Radeon RX 6800 XT", Assert.Single(result.Devices).Name);
    }

    private static IGpuDetector Create(string vendor, IProcessRunner runner) => vendor switch
    {
        "nvidia" => new NvidiaSmiDetector(runner, Timeout),
        "amd" => new RocmSmiDetector(runner, Timeout),
        "intel" => new IntelGpuDetector(runner, new FakeSystemFileReader(), Timeout),
        "apple" => new AppleGpuDetector(runner, Timeout),
        _ => throw new ArgumentOutOfRangeException(nameof(vendor)),
    };
}
