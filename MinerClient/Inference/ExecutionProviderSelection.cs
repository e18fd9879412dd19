namespace Aitbc.Orleans.Miner.Inference;

/// <summary>Outcome of choosing an execution provider: what was asked for, what is actually used, and why if they differ.</summary>
public sealed record ExecutionProviderSelection(string Requested, string Provider, int DeviceId, string? FallbackReason)
{
    public bool IsFallback => FallbackReason is not null;

    public bool IsCpu => Provider == ExecutionProviderSelector.Cpu;

    public override string ToString() =>
        IsFallback ? $"{Provider} (requested {Requested}, unavailable: {FallbackReason})" : $"{Provider} (device {DeviceId})";
}
