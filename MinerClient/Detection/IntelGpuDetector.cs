namespace Aitbc.Orleans.Miner.Detection;

/// <summary>Intel GPUs via xpu-smi when installed (data-centre and some Arc setups), otherwise via sysfs.</summary>
public sealed class IntelGpuDetector(IProcessRunner runner, ISystemFileReader files, TimeSpan toolTimeout, string drmRoot = IntelSysfsProbe.DefaultDrmRoot)
    : IGpuDetector
{
    public const string Tool = "xpu-smi";

    public string Name => "intel";

    public async Task<GpuDetectorResult> DetectAsync(CancellationToken cancellationToken)
    {
        var listing = await runner.RunAsync(Tool, XpuSmiParser.ListArguments, toolTimeout, cancellationToken);
        var listed = listing.Succeeded ? XpuSmiParser.ParseList(listing.StandardOutput) : [];
        if (listed.Count > 0)
        {
            var devices = new List<DetectedDevice>(listed.Count);
            foreach (var entry in listed)
            {
                devices.Add(entry.HasMemorySize ? entry.Device : await WithDetailsAsync(entry, cancellationToken));
            }

            return GpuDetectorResult.From(devices, string.Empty);
        }

        var fromSysfs = IntelSysfsProbe.Probe(files, drmRoot);
        var whyNone = listing.Succeeded ? $"{Tool} listed no GPUs" : ToolFailure.Describe(Tool, listing);
        return GpuDetectorResult.From(fromSysfs, $"{whyNone}; no Intel GPU in {drmRoot}");
    }

    /// <summary>The listing lacks memory and driver on most releases; the per-device query has them.</summary>
    private async Task<DetectedDevice> WithDetailsAsync(XpuSmiDevice entry, CancellationToken cancellationToken)
    {
        var detail = await runner.RunAsync(Tool, XpuSmiParser.DetailArguments(entry.DeviceId), toolTimeout, cancellationToken);
        if (!detail.Succeeded || XpuSmiParser.ParseDetail(detail.StandardOutput, entry.DeviceId) is not { } detailed)
        {
            return entry.Device;
        }

        return entry.Device with
        {
            MemoryMb = detailed.HasMemorySize ? detailed.Device.MemoryMb : entry.Device.MemoryMb,
            Driver = detailed.Device.Driver ?? entry.Device.Driver,
            Cores = detailed.Device.Cores ?? entry.Device.Cores,
        };
    }
}
