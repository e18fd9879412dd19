namespace Aitbc.Orleans.Miner.Telemetry;

/// <summary>One vendor's live readings. A source never throws for a missing or failing tool: it returns no readings.</summary>
public interface ITelemetrySource
{
    /// <summary>Short name for logs, e.g. "nvidia-smi".</summary>
    string Name { get; }

    /// <summary>This poll's readings keyed by the device's stable id (as detection reported it).</summary>
    Task<IReadOnlyDictionary<string, DeviceReading>> ReadAsync(CancellationToken cancellationToken);
}
