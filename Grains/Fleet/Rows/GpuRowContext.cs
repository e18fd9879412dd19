using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Fleet.Thermal;
using Aitbc.Orleans.Hosting;
using Microsoft.Extensions.Logging;

namespace Aitbc.Orleans.Fleet.Rows;

/// <summary>What every row of a shard shares: options, the thermal thresholds, the classifier, the clock, the log.</summary>
internal sealed class GpuRowContext(FleetOptions options, GpuClassifier classifier, DomainTime time, ILogger logger)
{
    public FleetOptions Options { get; } = options;

    public ThermalStateMachine Thermal { get; } = new(options);

    public GpuClassifier Classifier { get; } = classifier;

    public DomainTime Time { get; } = time;

    public ILogger Logger { get; } = logger;
}
