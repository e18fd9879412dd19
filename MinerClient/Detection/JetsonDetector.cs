namespace Aitbc.Orleans.Miner.Detection;

/// <summary>
/// NVIDIA Jetson modules: identified from the device tree, live readings from one tegrastats line. tegrastats never exits
/// on its own, so it is run until the timeout and whatever it printed is used.
/// </summary>
public sealed class JetsonDetector(IProcessRunner runner, ISystemFileReader files, TimeSpan tegrastatsWindow) : IGpuDetector
{
    public const string Tool = "tegrastats";
    public const string Source = "device-tree+tegrastats";

    public string Name => "jetson";

    public async Task<GpuDetectorResult> DetectAsync(CancellationToken cancellationToken)
    {
        var model = JetsonBoardParser.CleanDeviceTreeString(files.TryReadText(ProcPaths.DeviceTreeModel));
        var compatible = JetsonBoardParser.CleanDeviceTreeString(files.TryReadText(ProcPaths.DeviceTreeCompatible));
        if (!JetsonBoardParser.IsJetson(model, compatible))
        {
            return GpuDetectorResult.None("device tree does not describe a Jetson");
        }

        var run = await runner.RunAsync(Tool, TegrastatsParser.Arguments, tegrastatsWindow, cancellationToken);
        var sample = run.Outcome is ProcessOutcome.Exited or ProcessOutcome.TimedOut ? TegrastatsParser.ParseFirst(run.StandardOutput) : null;
        var memoryMb = ProcInfoParser.MemTotalMb(files.TryReadText(ProcPaths.MemInfo)) ?? sample?.RamTotalMb ?? 0;
        var serial = JetsonBoardParser.CleanDeviceTreeString(files.TryReadText(ProcPaths.DeviceTreeSerialNumber));

        var device = new DetectedDevice
        {
            Vendor = GpuVendor.Jetson,
            Name = model ?? "NVIDIA Jetson",
            StableId = serial is null ? "jetson-0" : $"jetson-{serial}",
            MemoryMb = memoryMb,
            UnifiedMemory = true,
            Driver = JetsonBoardParser.L4tRelease(files.TryReadText(ProcPaths.NvTegraRelease)),
            ComputeCapability = JetsonBoardParser.ComputeCapability(model),
            TemperatureC = sample?.GpuTemperatureC,
            PowerW = sample?.BoardPowerW,
            UtilisationPercent = sample?.GpuUtilisationPercent,
            Source = Source,
        };
        return new GpuDetectorResult([device], null);
    }
}
