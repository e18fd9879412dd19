using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Fleet.Thermal;
using Aitbc.Orleans.Miner.Detection;
using Aitbc.Orleans.Miner.Telemetry;
using Aitbc.Orleans.Tests.Miner.Detection;
using Aitbc.Orleans.Tests.Miner.Inference;

namespace Aitbc.Orleans.Tests.Miner.Telemetry;

/// <summary>The vendor readings the telemetry monitor takes, and how it reports what it could not read.</summary>
public sealed class TelemetrySourceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Nvidia_smi_lines_become_readings_keyed_by_uuid_with_placeholders_as_missing()
    {
        var readings = NvidiaSmiTelemetry.Parse("""
            GPU-aaaa, 64, 231.40, 87, 20123, 2610, 10501
            GPU-bbbb, [N/A], [N/A], 0, 512, [N/A], [N/A]
            Failed to initialize NVML: Driver/library version mismatch
            """);

        Assert.Equal(2, readings.Count);
        Assert.Equal(new DeviceReading(64, 231.4, 87, 20123, 2610, 10501), readings["GPU-aaaa"]);
        Assert.Equal(new DeviceReading(null, null, 0, 512, null, null), readings["GPU-bbbb"]);
    }

    [Fact]
    public async Task The_cpu_reads_utilisation_from_the_change_in_proc_stat_and_its_package_sensor_from_hwmon()
    {
        var files = new FakeSystemFileReader()
            .With(CpuTelemetry.ProcStat, "cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3 4\n")
            .With(ProcPaths.MemInfo, "MemTotal:       16384000 kB\nMemFree:  1000 kB\nMemAvailable:    8192000 kB\n")
            .With(ProcPaths.CpuInfo, "processor : 0\ncpu MHz\t\t: 3000.000\nprocessor : 1\ncpu MHz\t\t: 4000.000\n")
            .With("/sys/class/hwmon/hwmon0/name", "acpitz\n")
            .With("/sys/class/hwmon/hwmon0/temp1_input", "30000\n")
            .With("/sys/class/hwmon/hwmon1/name", "coretemp\n")
            .With("/sys/class/hwmon/hwmon1/temp1_input", "61500\n");
        var cpu = new CpuTelemetry(files);

        var first = (await cpu.ReadAsync(Ct))[CpuDetector.StableId];
        files.With(CpuTelemetry.ProcStat, "cpu  400 0 200 900 100 0 0 0 0 0\n"); // +400 busy of +600 jiffies
        var second = (await cpu.ReadAsync(Ct))[CpuDetector.StableId];

        Assert.Null(first.UtilisationPercent); // one sample is not a rate
        Assert.Equal(66.7, second.UtilisationPercent);
        Assert.Equal(61.5, second.TemperatureC);
        Assert.Equal(8000, second.MemoryUsedMb);
        Assert.Equal(3500, second.GraphicsClockMhz);
        Assert.Null(second.PowerWatts); // no readable RAPL counter
    }

    [Fact]
    public async Task A_failed_poll_reports_missing_readings_not_the_last_good_ones_and_the_guard_keeps_its_band()
    {
        var runner = new FakeProcessRunner().Returns(NvidiaSmiDetector.Tool, "GPU-aaaa, 97, 300, 100, 1000, 2000, 9000\n");
        var guard = new ThermalGuard(ThermalThresholds.Default, new CapturingLogger<ThermalGuard>());
        var emergencies = new List<string>();
        await using var monitor = new TelemetryMonitor(
            new Dictionary<GpuVendor, ITelemetrySource> { [GpuVendor.Nvidia] = new NvidiaSmiTelemetry(runner, TimeSpan.FromSeconds(1)) },
            guard, TimeSpan.FromMinutes(1), new CapturingLogger<TelemetryMonitor>()) { OnEmergency = emergencies.Add };
        monitor.Track("m:GPU-aaaa", new DetectedDevice { Vendor = GpuVendor.Nvidia, Name = "RTX", StableId = "GPU-aaaa", MemoryMb = 1, Source = "test" });

        await monitor.PollAsync(Ct);
        Assert.Equal(97, monitor.Telemetry("m:GPU-aaaa").TemperatureC);
        Assert.Equal(["m:GPU-aaaa"], emergencies);
        Assert.Equal(ThermalState.Shutdown, guard.StateOf("m:GPU-aaaa"));

        runner.Returns(NvidiaSmiDetector.Tool, new ProcessResult(ProcessOutcome.TimedOut, -1, ""));
        await monitor.PollAsync(Ct);
        var missing = monitor.Telemetry("m:GPU-aaaa");

        Assert.Equal(new GpuTelemetry(null, null, null, null, 0, null), missing);
        Assert.Equal(ThermalState.Shutdown, guard.StateOf("m:GPU-aaaa")); // unknown is not cool
        Assert.False(guard.AcceptsWork("m:GPU-aaaa"));
        Assert.Single(emergencies);
    }

    [Fact]
    public void The_bandwidth_meter_ignores_short_transfers_and_averages_the_rest()
    {
        var meter = new BandwidthMeter();
        meter.Record(10_000, TimeSpan.FromMilliseconds(1));
        Assert.Null(meter.MBps);

        meter.Record(8L * 1024 * 1024, TimeSpan.FromSeconds(1));
        Assert.Equal(8, meter.MBps);
        meter.Record(18L * 1024 * 1024, TimeSpan.FromSeconds(1));
        Assert.Equal(0.3 * 18 + 0.7 * 8, meter.MBps!.Value, 9);
    }

    [Fact]
    public void A_transfer_is_timed_only_past_its_warm_up_so_a_short_one_says_nothing()
    {
        var meter = new BandwidthMeter();
        var brief = meter.Start();
        brief.Add((int)BandwidthMeter.WarmupBytes); // the round trip and slow start only
        brief.Add(64 * 1024);
        brief.Finish();
        Assert.Null(meter.MBps);

        var real = meter.Start();
        for (var i = 0; i < 64; i++)
        {
            real.Add(64 * 1024); // 4 MiB in 64 KiB reads, as the probe reads them
        }

        Thread.Sleep(5); // some time must pass for there to be a rate
        real.Finish();
        Assert.True(meter.MBps > 0);
    }
}
